package dev.tusk.types;

import java.util.Objects;

/**
 * A PostgreSQL {@code box}: a rectangle given by two opposite corners. {@code box} columns
 * load as this record, and it dumps as {@code box}.
 *
 * <p>As the server does, the constructor puts the corners in order: {@link #high()} gets the
 * larger x and the larger y, {@link #low()} the smaller ones, whichever corners are given
 * ({@code NaN} counts as larger than any number, as in PostgreSQL's float comparisons).
 *
 * <pre>{@code
 * PgBox b = new PgBox(new PgPoint(1, 2), new PgPoint(3, 4));
 * b.high();       // (3,4)
 * b.toString();   // "(3,4),(1,2)"
 * }</pre>
 *
 * @param high the upper right corner
 * @param low  the lower left corner
 */
public record PgBox(PgPoint high, PgPoint low) {

    /**
     * Creates the box from any two opposite corners.
     *
     * @param high a corner, not {@code null}
     * @param low  the opposite corner, not {@code null}
     */
    public PgBox {
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(low, "low");
        boolean swapX = less(high.x(), low.x());
        boolean swapY = less(high.y(), low.y());
        if (swapX || swapY) {
            PgPoint h = high;
            high = new PgPoint(swapX ? low.x() : h.x(), swapY ? low.y() : h.y());
            low = new PgPoint(swapX ? h.x() : low.x(), swapY ? h.y() : low.y());
        }
    }

    /** PostgreSQL's {@code float8_lt}: NaN sorts above everything, -0 equals 0 (so stays put). */
    private static boolean less(double a, double b) {
        return !Double.isNaN(a) && (Double.isNaN(b) || a < b);
    }

    /**
     * Parses the text form {@code (x1,y1),(x2,y2)}, with optional spaces.
     *
     * @param text the text
     * @return the box, corners in order
     * @throws dev.tusk.errors.DataException if the text is not a box in that form
     */
    public static PgBox parse(CharSequence text) {
        return GeometricCodecs.parse(text, "box", GeometricCodecs::readBox);
    }

    /**
     * The text form as PostgreSQL writes it, upper right corner first: {@code (3,4),(1,2)}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return high + "," + low;
    }
}
