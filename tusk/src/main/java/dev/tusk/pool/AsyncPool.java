package dev.tusk.pool;

import dev.tusk.AsyncConnection;
import dev.tusk.AsyncCursor;
import dev.tusk.Row;
import dev.tusk.TuskFuture;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A pool of {@link AsyncConnection}s (aiopg's {@code Pool}, psycopg_pool's
 * {@code AsyncConnectionPool}): every operation returns a future at once; nothing blocks.
 *
 * <pre>{@code
 * AsyncPool pool = AsyncPool.open(dsn, PoolOptions.builder().minSize(2).maxSize(8).build()).join();
 * pool.withConnection(conn -> conn.execute("SELECT * FROM users WHERE id = %s", 42)
 *         .thenCompose(AsyncCursor::fetchOne))
 *     .thenAccept(row -> System.out.println(row));
 *
 * try (AsyncCursor<Row> cur = pool.cursor().join()) {        // aiopg's pool.cursor()
 *     cur.execute("SELECT 1").join();
 *     cur.fetchOne().join();                                   // (1)
 * }                                                            // the connection goes back
 * pool.close();
 * pool.waitClosed().join();
 * }</pre>
 *
 * Acquires are served in order. A connection that sat idle is handed out only if it is still
 * open: the event loop reads idle connections too, so one the server dropped is noticed at
 * once and replaced. Futures complete on event-loop threads (or the pool's timer thread, for
 * timeouts): keep continuations short and never block in them.
 */
public final class AsyncPool extends BasePool<AsyncConnection> implements AutoCloseable {

    private AsyncPool(String conninfo, PoolOptions options) {
        super(options, new AsyncConnector(conninfo, options));
    }

    /**
     * A pool that is not open yet: no connection is made until {@link #open()}.
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @param options  the pool's options; its hooks must be the {@code *Async} ones
     * @return the pool
     * @throws dev.tusk.errors.ProgrammingException if the conninfo is malformed
     * @throws IllegalArgumentException            if the options carry a {@link Pool}'s hooks
     */
    public static AsyncPool create(String conninfo, PoolOptions options) {
        validate(conninfo, options, true);
        return new AsyncPool(conninfo, options);
    }

    /**
     * Opens a pool with default options (aiopg's {@code create_pool(dsn)}).
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @return the pool once its first connection is up; see {@link #open(String, PoolOptions)}
     */
    public static CompletableFuture<AsyncPool> open(String conninfo) {
        return open(conninfo, PoolOptions.defaults());
    }

    /**
     * Opens a pool and waits for {@code minSize} connections (aiopg's {@code create_pool}).
     *
     * <pre>{@code
     * AsyncPool.open(dsn, PoolOptions.builder().minSize(4).build())
     *     .thenCompose(pool -> pool.execute("SELECT now()"));
     * }</pre>
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @param options  the pool's options
     * @return the pool once {@code minSize} connections are up; a {@link PoolTimeout} (whose
     *         cause says why connecting failed) if they are not within the timeout, and the
     *         pool is closed
     */
    public static CompletableFuture<AsyncPool> open(String conninfo, PoolOptions options) {
        AsyncPool pool = create(conninfo, options);
        return pool.open().handle((v, failure) -> {
            if (failure != null) {
                pool.close();
                throw Futures.unchecked(failure);
            }
            return pool;
        });
    }

    /**
     * Opens a pool made with {@link #create}: it starts making {@code minSize} connections.
     * Ignore the future not to wait for them. Opening an open pool does nothing more.
     *
     * @return completes once {@code minSize} connections are up; fails with
     *         {@link PoolTimeout} after the timeout, or {@link PoolClosed} once closed
     */
    public CompletableFuture<Void> open() {
        return core.open();
    }

    /**
     * Waits until {@code minSize} connections are open, making them if needed (aiopg's
     * {@code from_pool_fill}).
     *
     * @return completes once they are; fails with {@link PoolTimeout} after the timeout
     */
    public CompletableFuture<Void> fill() {
        return core.fill();
    }

    // ---- acquiring -------------------------------------------------------------------------

    /**
     * Takes a connection: an idle one, a new one if the pool may grow, else the first one
     * returned after the acquires that came before. Give it back with {@link #release}, or
     * prefer {@link #withConnection}, which always does. Cancelling the future, or its
     * timeout, never loses a connection: one arriving for it goes to the next acquire.
     *
     * <pre>{@code
     * pool.acquire().thenCompose(conn -> conn.execute("SELECT 1")
     *         .whenComplete((cur, err) -> pool.release(conn)));
     * }</pre>
     *
     * @return the connection; fails with {@link PoolTimeout} after the timeout,
     *         {@link TooManyRequests} beyond {@code maxWaiting}, {@link PoolClosed} once closed
     */
    public CompletableFuture<AsyncConnection> acquire() {
        return core.acquire();
    }

    /**
     * Gives a connection back (aiopg {@code release}). A transaction left open is rolled back
     * (with a warning: commit or roll back before returning), a command still running is
     * cancelled, the transaction settings go back to the pool's, and the reset hook runs;
     * then the connection serves the next acquire, or waits in the pool. A connection that
     * is closed, broken or cannot be reset is closed and replaced.
     *
     * @param conn a connection acquired from this pool
     * @return completes once the connection is back in the pool, or closed
     * @throws IllegalArgumentException if it is not this pool's
     * @throws IllegalStateException    if it was returned already
     */
    public CompletableFuture<Void> release(AsyncConnection conn) {
        return core.release(conn);
    }

    /**
     * Runs {@code body} with a connection and gives it back when the body's stage completes,
     * however it completes (psycopg_pool's {@code async with pool.connection()}): an open
     * transaction is committed if the stage succeeded, rolled back if it failed.
     *
     * <pre>{@code
     * pool.withConnection(conn -> conn.execute("INSERT INTO log (msg) VALUES (%s)", "hi"))
     *     .join();                                              // committed, connection back
     * }</pre>
     *
     * @param body the work; its stage decides commit or rollback
     * @param <T>  what it returns
     * @return the body's result once the connection is back; its failure (after the rollback),
     *         a commit failure, or an acquire failure
     */
    public <T> CompletableFuture<T> withConnection(Function<AsyncConnection, ? extends CompletionStage<T>> body) {
        Objects.requireNonNull(body, "body");
        return lease(conn -> {
            TuskFuture<T> outcome = new TuskFuture<>();
            CompletionStage<T> stage;
            try {
                stage = body.apply(conn);
            } catch (RuntimeException e) {
                stage = Futures.failed(e);
            }
            (stage == null ? CompletableFuture.<T>completedFuture(null) : stage).whenComplete((value, failure) -> {
                CompletableFuture<Void> end = failure == null ? conn.commit() : conn.rollback();
                end.whenComplete((v, endFailure) -> releaseQuietly(conn).whenComplete((x, releaseFailure) -> {
                    // The first failure wins: the body's, then the commit's, then the return's.
                    Throwable first = failure != null ? failure : endFailure != null ? endFailure : releaseFailure;
                    if (first != null) {
                        outcome.completeExceptionally(Futures.unwrap(first));
                    } else {
                        outcome.complete(value);
                    }
                }));
            });
            return outcome;
        }, value -> { });
    }

    /**
     * Acquires a connection and returns a cursor on it in autocommit, as aiopg's are;
     * closing the cursor gives the connection back (aiopg's {@code pool.cursor()}).
     *
     * <pre>{@code
     * try (AsyncCursor<Row> cur = pool.cursor().join()) {
     *     cur.execute("SELECT 1").join();
     *     Row ret = cur.fetchOne().join();                       // (1)
     * }
     * }</pre>
     *
     * @return the cursor; fails as {@link #acquire()} does
     */
    public CompletableFuture<AsyncCursor<Row>> cursor() {
        return lease(conn -> {
            try {
                conn.setAutocommit(true);
                return CompletableFuture.completedFuture(new PooledAsyncCursor(conn, () -> release(conn)));
            } catch (RuntimeException e) {
                release(conn);
                return Futures.failed(e);
            }
        }, AsyncCursor::close);
    }

    /**
     * Runs a query without parameters (several statements allowed, {@code %} not special) on
     * a pooled connection in autocommit, and returns its rows.
     *
     * @param sql one or more statements
     * @return the rows of the first result (psycopg's cursor starts there), empty if it has none
     */
    public CompletableFuture<List<Row>> execute(String sql) {
        return rowsOf(conn -> conn.execute(sql));
    }

    /**
     * Runs a statement on a pooled connection in autocommit, and returns its rows: one round
     * trip, the connection back in the pool before the future completes.
     *
     * <pre>{@code
     * pool.execute("SELECT name FROM users WHERE id = %s", 42).thenAccept(rows -> ...);
     * }</pre>
     *
     * @param sql    the statement, with {@code %s} placeholders
     * @param params one value per placeholder
     * @return its rows, empty if it returns none
     */
    public CompletableFuture<List<Row>> execute(String sql, Object... params) {
        return rowsOf(conn -> conn.execute(sql, params));
    }

    private CompletableFuture<List<Row>> rowsOf(Function<AsyncConnection, CompletableFuture<AsyncCursor<Row>>> run) {
        return withConnection(conn -> {
            conn.setAutocommit(true);
            return run.apply(conn).thenCompose(cur -> cur.description() == null
                    ? CompletableFuture.completedFuture(List.<Row>of()) : cur.fetchAll());
        });
    }

    /**
     * Acquires and hands the connection to {@code use}, which must give it back, or hand it
     * to what it makes. Cancelling the result cancels the acquire; a value made for a result
     * cancelled meanwhile goes to {@code unwanted}.
     */
    private <T> CompletableFuture<T> lease(Function<AsyncConnection, CompletionStage<T>> use, Consumer<T> unwanted) {
        TuskFuture<T> result = new TuskFuture<>();
        CompletableFuture<AsyncConnection> acquired = acquire();
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                acquired.cancel(false);
            }
        });
        acquired.whenComplete((conn, failure) -> {
            if (failure != null) {
                result.completeExceptionally(Futures.unwrap(failure));
            } else if (result.isDone()) {
                release(conn);
            } else {
                CompletionStage<T> used;
                try {
                    used = use.apply(conn);
                } catch (RuntimeException e) {
                    releaseQuietly(conn);
                    used = Futures.failed(e);
                }
                used.whenComplete((value, error) -> {
                    if (error != null) {
                        result.completeExceptionally(Futures.unwrap(error));
                    } else if (!result.complete(value)) {
                        unwanted.accept(value);
                    }
                });
            }
        });
        return result;
    }

    /** {@link #release}, with a refusal (the body returned the connection itself) as a failed future. */
    private CompletableFuture<Void> releaseQuietly(AsyncConnection conn) {
        try {
            return release(conn);
        } catch (RuntimeException e) {
            return Futures.failed(e);
        }
    }

    // ---- closing ---------------------------------------------------------------------------

    /**
     * Closes the pool (aiopg {@code close()}): acquires fail with {@link PoolClosed} from now
     * on, waiting ones too; idle connections close now, those in use when they are returned.
     * Never blocks; {@link #waitClosed()} tells when the last one closed.
     */
    @Override
    public void close() {
        core.close();
    }

    /**
     * Completes when the pool is closed and so is its last connection (aiopg
     * {@code wait_closed()}).
     *
     * <pre>{@code
     * pool.close();
     * pool.waitClosed().orTimeout(10, TimeUnit.SECONDS).join();
     * }</pre>
     *
     * @return the future
     * @throws IllegalStateException unless {@link #close()} or {@link #terminate()} was called
     */
    public CompletableFuture<Void> waitClosed() {
        return core.waitClosed();
    }

    /**
     * A ready check hook (psycopg_pool's {@code check_connection}): an empty query, run in
     * autocommit so that it opens no transaction. One round trip.
     *
     * <pre>{@code
     * PoolOptions.builder().checkAsync(AsyncPool::checkConnection).build();
     * }</pre>
     *
     * @param conn an idle connection
     * @return completes if the server answered
     */
    public static CompletableFuture<Void> checkConnection(AsyncConnection conn) {
        boolean autocommit = conn.autocommit();
        if (!autocommit) {
            conn.setAutocommit(true);
        }
        return conn.execute("").<Void>handle((cur, failure) -> {
            if (!autocommit && !conn.isClosed()) {
                conn.setAutocommit(false);
            }
            if (failure != null) {
                throw Futures.unchecked(failure);
            }
            return null;
        });
    }
}
