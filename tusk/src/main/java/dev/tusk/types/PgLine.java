package dev.tusk.types;

/**
 * A PostgreSQL {@code line}: the infinite line {@code Ax + By + C = 0}. {@code line} columns
 * load as this record, and it dumps as {@code line}.
 *
 * <pre>{@code
 * PgLine l = PgLine.parse("{1,-1,0}");   // y = x
 * l.toString();                          // "{1,-1,0}"
 * }</pre>
 *
 * The server rejects a line whose {@code A} and {@code B} are both (nearly) zero.
 *
 * @param a the coefficient of x
 * @param b the coefficient of y
 * @param c the constant
 */
public record PgLine(double a, double b, double c) {

    /**
     * Parses the text form {@code {A,B,C}}, with optional spaces. (The server also accepts
     * two points on the line; that form is not read here.)
     *
     * @param text the text
     * @return the line
     * @throws dev.tusk.errors.DataException if the text is not a line in that form
     */
    public static PgLine parse(CharSequence text) {
        return GeometricCodecs.parse(text, "line", GeometricCodecs::readLine);
    }

    /**
     * The text form as PostgreSQL writes it: {@code {1,-1,0}}.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "{" + Float8Text.format(a) + "," + Float8Text.format(b) + "," + Float8Text.format(c) + "}";
    }
}
