package dev.tusk.types;

/**
 * A PostgreSQL {@code point}: what {@code point} columns load as, and a parameter that dumps
 * as {@code point}. Named {@code PgPoint} so that it does not clash with {@code java.awt.Point}
 * or with a {@code Point} class of your own (seed 003 registers one; a loader registered for
 * OID 600 replaces this mapping in its scope).
 *
 * <pre>{@code
 * PgPoint p = (PgPoint) conn.execute("SELECT '(1.5,2)'::point").fetchOne().get(0);
 * p.x();                    // 1.5
 * p.toString();             // "(1.5,2)"
 * cur.mogrify("%s", p);     // '(1.5,2)'::point
 * }</pre>
 *
 * Coordinates may be {@code NaN} or infinite, as in PostgreSQL. Equality is that of the
 * doubles' {@link Double#compare}: {@code NaN} equals {@code NaN}, {@code -0.0} does not
 * equal {@code 0.0} (unlike the server's {@code ~=}, which also allows a small epsilon).
 *
 * @param x the x coordinate
 * @param y the y coordinate
 */
public record PgPoint(double x, double y) {

    /**
     * Parses the text form {@code (x,y)}, with optional spaces.
     *
     * @param text the text
     * @return the point
     * @throws dev.tusk.errors.DataException if the text is not a point in that form
     */
    public static PgPoint parse(CharSequence text) {
        return GeometricCodecs.parse(text, "point", GeometricCodecs::readPoint);
    }

    /**
     * The text form as PostgreSQL writes it: {@code (1.5,2)}, {@code (NaN,-Infinity)},
     * {@code (1e+100,-0)}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "(" + Float8Text.format(x) + "," + Float8Text.format(y) + ")";
    }
}
