package dev.tusk.types;

/**
 * Turns a Java value into a PostgreSQL parameter (psycopg's dumper, psycopg 2's adapter).
 * A dumper is registered for a Java class in {@link Adapters}; it says which type OID to
 * declare, which format it writes, and how the value reads as an SQL literal for
 * {@code mogrify}.
 *
 * <pre>{@code
 * Adapters.global().register(Point.class, Dumper.text(600, p -> "(" + p.x() + "," + p.y() + ")"));
 * }</pre>
 *
 * @param <T> the Java type dumped
 */
public interface Dumper<T> {

    /**
     * The type OID declared for the parameter; 0 lets the server infer it from context.
     *
     * @return the OID
     */
    int oid();

    /**
     * The format {@link #dump} writes.
     *
     * @return text or binary
     */
    Format format();

    /**
     * Writes the value's bytes (no length prefix) in {@link #format()}.
     *
     * @param value the value, never {@code null}
     * @param out   where to write
     */
    void dump(T value, ByteSink out);

    /**
     * The value as an SQL literal that the server parses back to the same value, for
     * {@code mogrify} and {@code Cursor.query()}: e.g. {@code 42}, {@code 'it''s'},
     * {@code '2024-01-31'::date}.
     *
     * @param value the value, never {@code null}
     * @return the literal
     */
    String quote(T value);

    /**
     * A text-format dumper from a function giving the value's PostgreSQL text form. Its
     * literal is the quoted text with a cast to {@code oid}'s type when {@code oid} is known.
     *
     * @param oid    type OID to declare (0: let the server infer)
     * @param toText the value's text form
     * @param <T>    the Java type
     * @return the dumper
     */
    static <T> Dumper<T> text(int oid, java.util.function.Function<? super T, String> toText) {
        return new TextDumper<>(oid, toText);
    }
}
