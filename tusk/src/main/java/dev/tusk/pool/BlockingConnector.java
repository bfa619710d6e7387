package dev.tusk.pool;

import dev.tusk.Connection;
import dev.tusk.TransactionStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Blocking {@link Connection}s for a {@link Pool}. Connecting and closing run on worker
 * threads ({@code tusk-pool-worker-N}, made on demand, gone after a minute idle), since the
 * pool starts them from wherever it decides to; the rest runs on the caller's thread.
 */
final class BlockingConnector implements Connector<Connection> {
    private static final AtomicInteger WORKER_IDS = new AtomicInteger();
    private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread t = new Thread(task, "tusk-pool-worker-" + WORKER_IDS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private final String conninfo;
    private final PoolOptions options;

    BlockingConnector(String conninfo, PoolOptions options) {
        this.conninfo = conninfo;
        this.options = options;
    }

    @Override
    public CompletableFuture<Connection> connect() {
        return CompletableFuture.supplyAsync(() -> {
            Connection conn = Connection.connect(conninfo, options.connectOptions());
            try {
                if (options.configure() != null) {
                    options.configure().accept(conn);
                }
                Resetter.requireIdle(conn, "configure");
                return conn;
            } catch (RuntimeException e) {
                conn.close();
                throw e;
            }
        }, WORKERS);
    }

    @Override
    public boolean isUsable(Connection conn) {
        // Nothing reads an idle blocking connection: read what the server sent meanwhile.
        return conn.consumeInput();
    }

    @Override
    public boolean hasCheck() {
        return options.check() != null;
    }

    @Override
    public CompletableFuture<Void> check(Connection conn) {
        return Futures.accept(options.check(), conn);
    }

    @Override
    public CompletableFuture<Void> cancel(Connection conn) {
        return Futures.call(conn::cancel);
    }

    @Override
    public CompletableFuture<Void> drain(Connection conn) {
        // The rollback that follows waits for the connection's lock, that is for the command
        // of another thread to end.
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> rollback(Connection conn) {
        return Futures.call(conn::rollback);
    }

    @Override
    public CompletableFuture<Void> reset(Connection conn) {
        return Futures.accept(options.reset(), conn);
    }

    @Override
    public void close(Connection conn) {
        WORKERS.execute(() -> {
            // close() waits for the command in progress: have the server end it first.
            if (conn.transactionStatus() == TransactionStatus.ACTIVE) {
                try {
                    conn.cancel();
                } catch (RuntimeException e) {
                    // Unreachable server: closing is all that is left.
                }
            }
            conn.close();
        });
    }

    @Override
    public void onLost(Connection conn, Runnable action) {
        // A blocking connection learns of its loss only when read: see isUsable.
    }
}
