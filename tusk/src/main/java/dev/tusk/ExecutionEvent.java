package dev.tusk;

import java.util.List;

/**
 * A statement a connection sends to the server, as an {@link ExecutionListener} sees it.
 * The same event is passed to {@code before} and then to {@code after} or {@code error}; its
 * {@link #id()} tells concurrent statements apart, so a listener can key per-statement state
 * (a tracing span) by the event.
 *
 * <pre>{@code
 * ExecutionEvent[id=7, connection=user=app dbname=shop host=db1 port=5432,
 *                sql=SELECT * FROM users WHERE id = $1, parameters=[42]]
 * }</pre>
 *
 * @param id         unique in this JVM, increasing in the order statements are sent
 * @param connection the connection's parameters ({@link BaseConnection#dsn()}: never the password)
 * @param sql        the SQL as sent: placeholders are {@code $1}, {@code $2}, ...; a query
 *                   without parameters is sent as written, and may hold several statements
 * @param parameters the values bound to the placeholders, unmodifiable, {@code null}
 *                   elements for SQL NULL; {@code null} for a query sent through the simple
 *                   protocol (which has none)
 */
public record ExecutionEvent(long id, String connection, String sql, List<Object> parameters) {
}
