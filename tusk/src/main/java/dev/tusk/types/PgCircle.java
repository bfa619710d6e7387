package dev.tusk.types;

import java.util.Objects;

/**
 * A PostgreSQL {@code circle}: a center and a radius. {@code circle} columns load as this
 * record, and it dumps as {@code circle}.
 *
 * <pre>{@code
 * PgCircle c = new PgCircle(new PgPoint(1, 2), 3);
 * c.toString();   // "<(1,2),3>"
 * }</pre>
 *
 * @param center the center
 * @param radius the radius, not negative (may be {@code NaN} or infinite, as in PostgreSQL)
 */
public record PgCircle(PgPoint center, double radius) {

    /**
     * Creates the circle.
     *
     * @param center the center, not {@code null}
     * @param radius the radius
     * @throws IllegalArgumentException if the radius is negative, which PostgreSQL rejects
     */
    public PgCircle {
        Objects.requireNonNull(center, "center");
        if (radius < 0) {
            throw new IllegalArgumentException("a circle's radius cannot be negative: " + radius);
        }
    }

    /**
     * Parses the text form {@code <(x,y),r>}, with optional spaces.
     *
     * @param text the text
     * @return the circle
     * @throws dev.tusk.errors.DataException if the text is not a circle in that form
     */
    public static PgCircle parse(CharSequence text) {
        return GeometricCodecs.parse(text, "circle", GeometricCodecs::readCircle);
    }

    /**
     * The text form as PostgreSQL writes it: {@code <(1,2),3>}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "<" + center + "," + Float8Text.format(radius) + ">";
    }
}
