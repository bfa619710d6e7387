package dev.tusk;

/**
 * Makes the client-side cursors of a blocking {@link Connection} (psycopg's
 * {@code cursor_factory}): a connection's factory ({@link ConnectOptions.Builder#cursorFactory},
 * {@link Connection#setCursorFactory}) decides the class that {@link Connection#cursor()},
 * {@link Connection#cursor(RowFactory)} and {@link Connection#execute} use;
 * {@link Connection#cursor(CursorFactory)} picks one for a single cursor.
 *
 * <p>The factory makes cursors of any row type, so a {@link Cursor} subclass fits when it is
 * generic in its rows; its constructor is then the factory:
 *
 * <pre>{@code
 * class LoggingCursor<R> extends Cursor<R> {
 *     LoggingCursor(Connection conn, RowFactory<R> rows) {
 *         super(conn, rows);
 *     }
 *
 *     @Override
 *     public Cursor<R> execute(String sql, Object... params) {
 *         log.info(mogrify(sql, params));
 *         return super.execute(sql, params);
 *     }
 * }
 *
 * Cursor<Row> cur = conn.cursor(LoggingCursor::new);
 * }</pre>
 *
 * A lambda cannot implement the generic method; a constructor or method reference can, and
 * so can an anonymous class.
 */
@FunctionalInterface
public interface CursorFactory {

    /**
     * Makes a cursor. No I/O.
     *
     * @param connection the connection the cursor runs on
     * @param rowFactory what its rows become
     * @param <R>        the row type
     * @return the new cursor, never {@code null}
     */
    <R> Cursor<R> create(Connection connection, RowFactory<R> rowFactory);
}
