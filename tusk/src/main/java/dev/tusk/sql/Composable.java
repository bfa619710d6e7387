package dev.tusk.sql;

import dev.tusk.types.Adapters;

/**
 * A piece of a query built safely from parts (psycopg 3's {@code sql.Composable}): trusted
 * SQL text ({@link Sql}), names ({@link Identifier}), values ({@link Literal}), parameter
 * markers ({@link Placeholder}) and their concatenations ({@link Composed}). Names and values
 * are quoted when rendered, so no input, however hostile, can change the query's structure.
 *
 * <pre>{@code
 * Composed q = Sql.of("SELECT {} FROM {} WHERE name = %s")
 *         .format(Identifier.of("id"), Identifier.of("my_schema", "users"));
 * q.asString();                          // SELECT "id" FROM "my_schema"."users" WHERE name = %s
 * cur.execute(q, "O'Reilly");            // the name travels out of band
 * }</pre>
 *
 * <p>All implementations are immutable values (they compare by content) and thread-safe.
 */
public sealed interface Composable permits Composed, Identifier, Literal, Placeholder, Sql {

    /**
     * The SQL text, exactly as the server will read it (psycopg's {@code as_string}):
     * literals are quoted by the dumpers of {@code adapters}, as {@code mogrify} quotes them,
     * and read the same whatever {@code standard_conforming_strings} says.
     *
     * <pre>{@code
     * Literal.of(LocalDate.of(2024, 2, 29)).asString(conn.adapters());   // '2024-02-29'::date
     * }</pre>
     *
     * @param adapters the adapters that quote {@link Literal} values (a connection's or a
     *                 cursor's {@code adapters()})
     * @return the SQL text
     * @throws dev.tusk.errors.ProgrammingException if no dumper fits a literal's value
     * @throws dev.tusk.errors.DataException        if a literal cannot be written as SQL (a
     *                                              string holding NUL)
     */
    String asString(Adapters adapters);

    /**
     * {@link #asString(Adapters)} with the global adapters, for use without a connection.
     *
     * <pre>{@code
     * Identifier.of("my_schema", "my \"table\"").asString();   // "my_schema"."my ""table"""
     * }</pre>
     *
     * @return the SQL text
     */
    default String asString() {
        return asString(Adapters.global());
    }

    /**
     * The text to run with parameters: {@link #asString(Adapters)} with every {@code %} of an
     * identifier or a literal doubled, so that the placeholder parser of {@code execute} sees
     * only the {@link Placeholder}s (and whatever {@link Sql} text holds), and a name such as
     * {@code "50%s"} can neither fail the query nor take a parameter. Cursors call this
     * when a composed query is executed with parameters; {@code asString} is the text
     * without parameters.
     *
     * <pre>{@code
     * Sql.of("SELECT {} FROM t WHERE x = %s").format(Identifier.of("50%")).asTemplate(adapters);
     * // SELECT "50%%" FROM t WHERE x = %s
     * }</pre>
     *
     * @param adapters the adapters that quote {@link Literal} values
     * @return the query text with psycopg placeholders
     */
    default String asTemplate(Adapters adapters) {
        return asString(adapters).replace("%", "%%");
    }

    /**
     * This piece followed by another (psycopg's {@code +}); the parts of a {@link Composed}
     * operand are spliced in rather than nested.
     *
     * <pre>{@code
     * Composable q = Sql.of("SELECT * FROM ").plus(Identifier.of("t"));   // SELECT * FROM "t"
     * }</pre>
     *
     * @param other what follows
     * @return the concatenation
     */
    default Composed plus(Composable other) {
        return Composed.of(this).plus(other);
    }
}
