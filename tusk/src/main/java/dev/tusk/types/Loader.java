package dev.tusk.types;

/**
 * Turns a PostgreSQL value of one type and format into a Java value (psycopg's loader,
 * psycopg 2's typecaster). Registered in {@link Adapters} by type OID and format.
 *
 * <pre>{@code
 * conn.adapters().registerLoader(600, Loader.text(s -> Point.parse(s)));
 * }</pre>
 *
 * @param <T> the Java type produced
 */
@FunctionalInterface
public interface Loader<T> {

    /**
     * Decodes one non-NULL value.
     *
     * @param buf    the bytes holding the value
     * @param offset where the value starts
     * @param length how many bytes it has
     * @param ctx    session facts the value may depend on (time zone, ...)
     * @return the Java value
     * @throws dev.tusk.errors.DataException when the bytes are not a valid value
     */
    T load(byte[] buf, int offset, int length, LoadContext ctx);

    /**
     * A loader for the text format from a function over the value's text (seed 003's
     * {@code cast_point}).
     *
     * @param fromText parses the text form
     * @param <T>      the Java type
     * @return the loader
     */
    static <T> Loader<T> text(java.util.function.Function<String, ? extends T> fromText) {
        return (buf, offset, length, ctx) ->
                fromText.apply(new String(buf, offset, length, java.nio.charset.StandardCharsets.UTF_8));
    }
}
