package dev.tusk;

/**
 * Makes the client-side cursors of an {@link AsyncConnection}, as {@link CursorFactory} does
 * for a blocking one: a connection's factory
 * ({@link ConnectOptions.Builder#asyncCursorFactory}, {@link AsyncConnection#setCursorFactory})
 * decides the class that {@link AsyncConnection#cursor()}, {@link AsyncConnection#execute} and
 * {@link AsyncPipeline#cursor()} use; {@link AsyncConnection#cursor(AsyncCursorFactory)} picks
 * one for a single cursor.
 *
 * <pre>{@code
 * class TracedCursor<R> extends AsyncCursor<R> {
 *     TracedCursor(AsyncConnection conn, RowFactory<R> rows) {
 *         super(conn, rows);
 *     }
 *
 *     @Override
 *     public CompletableFuture<AsyncCursor<R>> execute(String sql, Object... params) {
 *         Span span = tracer.start(sql);
 *         return super.execute(sql, params).whenComplete((c, e) -> span.end());
 *     }
 * }
 *
 * AsyncConnection.connect(dsn, ConnectOptions.builder().asyncCursorFactory(TracedCursor::new).build());
 * }</pre>
 */
@FunctionalInterface
public interface AsyncCursorFactory {

    /**
     * Makes a cursor. No I/O.
     *
     * @param connection the connection the cursor runs on
     * @param rowFactory what its rows become
     * @param <R>        the row type
     * @return the new cursor, never {@code null}
     */
    <R> AsyncCursor<R> create(AsyncConnection connection, RowFactory<R> rowFactory);
}
