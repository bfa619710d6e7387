package dev.tusk.sql;

import dev.tusk.types.Adapters;

/**
 * A value written into the query text as an SQL literal (psycopg 3's {@code sql.Literal}),
 * quoted by its dumper exactly as {@code mogrify} quotes parameters. Prefer a
 * {@link Placeholder} and a parameter, which travels out of band; a literal is for the
 * places that take no parameters ({@code CREATE TABLE ... DEFAULT}, {@code SET}, DDL).
 *
 * <pre>{@code
 * Literal.of("O'Reilly").asString();                 // 'O''Reilly'
 * Literal.of(42).asString();                         // 42
 * Literal.of(LocalDate.of(2024, 2, 29)).asString();  // '2024-02-29'::date
 * Literal.of(null).asString();                       // NULL
 * }</pre>
 *
 * @param value the value, any type the adapters can dump; {@code null} is SQL NULL
 */
public record Literal(Object value) implements Composable {

    /**
     * A literal.
     *
     * @param value the value; {@code null} is SQL NULL
     * @return the literal
     */
    public static Literal of(Object value) {
        return new Literal(value);
    }

    /**
     * The value as its dumper quotes it, or {@code NULL}; a string literal reads the same
     * whatever {@code standard_conforming_strings} says.
     *
     * @param adapters the adapters whose dumper quotes the value
     * @return the literal
     * @throws dev.tusk.errors.ProgrammingException if no dumper fits the value's class
     * @throws dev.tusk.errors.DataException        if the value cannot be written as SQL (a
     *                                              string holding NUL)
     */
    @Override
    public String asString(Adapters adapters) {
        return value == null ? "NULL" : adapters.dumperFor(value).quote(value);
    }
}
