package dev.tusk.pool;

import dev.tusk.AsyncConnection;
import java.util.concurrent.CompletableFuture;

/** {@link AsyncConnection}s for an {@link AsyncPool}: every operation is a future, nothing blocks. */
final class AsyncConnector implements Connector<AsyncConnection> {
    private final String conninfo;
    private final PoolOptions options;

    AsyncConnector(String conninfo, PoolOptions options) {
        this.conninfo = conninfo;
        this.options = options;
    }

    @Override
    public CompletableFuture<AsyncConnection> connect() {
        return AsyncConnection.connect(conninfo, options.connectOptions())
                .thenCompose(conn -> Futures.stage(options.configureAsync(), conn).handle((v, failure) -> {
                    if (failure == null) {
                        try {
                            Resetter.requireIdle(conn, "configure");
                            return conn;
                        } catch (RuntimeException e) {
                            failure = e;
                        }
                    }
                    conn.close();
                    throw Futures.unchecked(failure);
                }));
    }

    @Override
    public boolean isUsable(AsyncConnection conn) {
        // The event loop reads idle connections too: a lost one is already closed.
        return !conn.isClosed();
    }

    @Override
    public boolean hasCheck() {
        return options.checkAsync() != null;
    }

    @Override
    public CompletableFuture<Void> check(AsyncConnection conn) {
        return Futures.stage(options.checkAsync(), conn);
    }

    @Override
    public CompletableFuture<Void> cancel(AsyncConnection conn) {
        return conn.cancel();
    }

    @Override
    public CompletableFuture<Void> drain(AsyncConnection conn) {
        // A round trip issued after the commands in flight completes only after them; rollback()
        // would not do, as it sends nothing when no transaction is open (autocommit). Its own
        // outcome does not matter (it fails in a failed transaction).
        return conn.execute("SELECT 1").handle((c, e) -> null);
    }

    @Override
    public CompletableFuture<Void> rollback(AsyncConnection conn) {
        return conn.rollback();
    }

    @Override
    public CompletableFuture<Void> reset(AsyncConnection conn) {
        return Futures.stage(options.resetAsync(), conn);
    }

    @Override
    public void close(AsyncConnection conn) {
        conn.close();
    }

    @Override
    public void onLost(AsyncConnection conn, Runnable action) {
        conn.closeFuture().thenRun(action);
    }
}
