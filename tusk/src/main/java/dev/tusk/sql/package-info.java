/**
 * SQL text handling on the client: psycopg placeholders ({@link dev.tusk.sql.PlaceholderQuery})
 * and safe composition of dynamic queries ({@link dev.tusk.sql.Composable}, psycopg 3's
 * {@code psycopg.sql}), where names and values are quoted and only {@link dev.tusk.sql.Sql}
 * text is taken as written.
 *
 * <pre>{@code
 * Composed q = Sql.of("SELECT {} FROM {} WHERE id = %s")
 *         .format(Identifier.of("name"), Identifier.of("my_schema", "users"));
 * cur.execute(q, 42);
 * }</pre>
 *
 * <p>A leaf package: it depends only on {@code dev.tusk.types} (for the dumpers that quote
 * literals) and {@code dev.tusk.errors}; cursors accept its queries.
 */
package dev.tusk.sql;
