package dev.tusk.pool;

import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.Row;
import dev.tusk.errors.OperationalException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A pool of blocking {@link Connection}s (psycopg_pool's {@code ConnectionPool}). Callers
 * wait by parking, so thousands of virtual threads can share a few connections; connections
 * are made on the pool's worker threads.
 *
 * <pre>{@code
 * try (Pool pool = Pool.open(dsn, PoolOptions.builder().maxSize(8).build())) {
 *     try (PooledConnection pc = pool.getConnection()) {       // close() gives it back
 *         Connection conn = pc.connection();
 *         conn.execute("INSERT INTO log (msg) VALUES (%s)", "hi");
 *         conn.commit();
 *     }
 *     long n = pool.withConnection(conn -> conn.execute("SELECT count(*) FROM log")
 *             .fetchOne().get(0, Long.class));                  // committed, given back
 *     List<Row> rows = pool.execute("SELECT * FROM log");       // the shortcut
 * }                                                             // waits for connections in use
 * }</pre>
 *
 * Acquires are served in order. Before a connection that sat idle is handed out, what the
 * server sent meanwhile is read without waiting ({@link Connection#consumeInput()}), so one
 * the server dropped is replaced instead.
 */
public final class Pool extends BasePool<Connection> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.tusk.pool");

    private Pool(String conninfo, PoolOptions options) {
        super(options, new BlockingConnector(conninfo, options));
    }

    /**
     * A pool that is not open yet: no connection is made until {@link #open(boolean)}.
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @param options  the pool's options; its hooks must be the blocking ones
     * @return the pool
     * @throws dev.tusk.errors.ProgrammingException if the conninfo is malformed
     * @throws IllegalArgumentException            if the options carry an {@link AsyncPool}'s hooks
     */
    public static Pool create(String conninfo, PoolOptions options) {
        validate(conninfo, options, false);
        return new Pool(conninfo, options);
    }

    /**
     * Opens a pool with default options, waiting for its first connection.
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @return the open pool
     * @throws PoolTimeout if no connection could be made within 30 s (the pool is closed)
     */
    public static Pool open(String conninfo) {
        return open(conninfo, PoolOptions.defaults());
    }

    /**
     * Opens a pool and waits for {@code minSize} connections.
     *
     * <pre>{@code
     * Pool pool = Pool.open(dsn, PoolOptions.builder().minSize(2).maxSize(8).build());
     * }</pre>
     *
     * @param conninfo a libpq conninfo string or {@code postgresql://} URI
     * @param options  the pool's options
     * @return the open pool
     * @throws PoolTimeout if they are not up within the timeout (its cause says why
     *                     connecting failed); the pool is closed
     */
    public static Pool open(String conninfo, PoolOptions options) {
        Pool pool = create(conninfo, options);
        try {
            pool.open(true);
            return pool;
        } catch (RuntimeException e) {
            pool.terminate();
            throw e;
        }
    }

    /**
     * Opens a pool made with {@link #create} (psycopg_pool {@code open(wait)}): it starts
     * making {@code minSize} connections. Opening an open pool does nothing more.
     *
     * @param wait whether to wait until {@code minSize} connections are up
     * @throws PoolTimeout if waiting and they are not up within the timeout
     * @throws PoolClosed  once closed
     */
    public void open(boolean wait) {
        CompletableFuture<Void> opened = core.open();
        if (wait) {
            await(opened, v -> { });
        }
    }

    /**
     * Waits until {@code minSize} connections are open, making them if needed.
     *
     * @throws PoolTimeout if they are not within the timeout
     */
    public void fill() {
        await(core.fill(), v -> { });
    }

    // ---- acquiring -------------------------------------------------------------------------

    /**
     * Takes a connection, waiting up to the timeout: an idle one, a new one if the pool may
     * grow, else the first one returned after the threads that asked before. Give it back
     * with {@link #release}, or prefer {@link #getConnection()} or {@link #withConnection}.
     * An interrupt ends the wait; a connection arriving then goes back to the pool.
     *
     * @return the connection
     * @throws PoolTimeout          after the timeout
     * @throws TooManyRequests      beyond {@code maxWaiting}
     * @throws PoolClosed           once closed
     * @throws OperationalException if interrupted (the interrupt status stays set)
     */
    public Connection acquire() {
        return await(core.acquire(), this::release);
    }

    /**
     * Gives a connection back (psycopg_pool {@code putconn}). A transaction left open is
     * rolled back (with a warning: commit or roll back before returning), a command another
     * thread still runs is cancelled, the transaction settings go back to the pool's, and the
     * reset hook runs, all on this thread; then the connection serves the next acquire, or
     * waits in the pool. A connection that is closed, broken or cannot be reset is closed and
     * replaced.
     *
     * @param conn a connection acquired from this pool
     * @throws IllegalArgumentException if it is not this pool's
     * @throws IllegalStateException    if it was returned already
     */
    public void release(Connection conn) {
        core.release(conn);
    }

    /**
     * Takes a connection for a try-with-resources block, whose end gives it back.
     *
     * <pre>{@code
     * try (PooledConnection pc = pool.getConnection()) {
     *     pc.connection().execute("UPDATE counters SET n = n + 1");
     *     pc.connection().commit();                     // else the return rolls back
     * }
     * }</pre>
     *
     * @return the lease
     * @throws PoolTimeout after the timeout; see {@link #acquire()} for the rest
     */
    public PooledConnection getConnection() {
        Connection conn = acquire();
        return new PooledConnection(conn, () -> release(conn));
    }

    /**
     * Runs {@code body} with a connection and gives it back (psycopg_pool's
     * {@code with pool.connection() as conn}): an open transaction is committed when the
     * body returns, rolled back when it throws.
     *
     * <pre>{@code
     * pool.withConnection(conn -> conn.execute("INSERT INTO log (msg) VALUES (%s)", "hi"));
     * }</pre>
     *
     * @param body the work
     * @param <T>  what it returns
     * @param <E>  the checked exception it may throw
     * @return the body's result
     * @throws E when the body throws it (after the rollback)
     */
    public <T, E extends Exception> T withConnection(ConnectionBody<T, E> body) throws E {
        Connection conn = acquire();
        boolean committed = false;
        try {
            T value = body.run(conn);
            conn.commit();
            committed = true;
            return value;
        } finally {
            if (!committed && !conn.isClosed()) {
                try {
                    conn.rollback();
                } catch (RuntimeException e) {
                    // The return closes a connection that cannot roll back.
                }
            }
            release(conn);
        }
    }

    /**
     * Acquires a connection and returns a cursor on it in autocommit; closing the cursor
     * gives the connection back (aiopg's {@code pool.cursor()}).
     *
     * <pre>{@code
     * try (Cursor<Row> cur = pool.cursor()) {
     *     cur.execute("SELECT 1");
     *     cur.fetchOne();                                // (1)
     * }
     * }</pre>
     *
     * @return the cursor
     * @throws PoolTimeout after the timeout; see {@link #acquire()} for the rest
     */
    public Cursor<Row> cursor() {
        Connection conn = acquire();
        try {
            conn.setAutocommit(true);
            return new PooledCursor(conn, () -> release(conn));
        } catch (RuntimeException e) {
            release(conn);
            throw e;
        }
    }

    /**
     * Runs a query without parameters (several statements allowed, {@code %} not special) on
     * a pooled connection in autocommit, and returns its rows.
     *
     * @param sql one or more statements
     * @return the rows of the first result (psycopg's cursor starts there), empty if it has none
     */
    public List<Row> execute(String sql) {
        return rowsOf(conn -> conn.execute(sql));
    }

    /**
     * Runs a statement on a pooled connection in autocommit, and returns its rows.
     *
     * <pre>{@code
     * List<Row> rows = pool.execute("SELECT name FROM users WHERE id = %s", 42);
     * }</pre>
     *
     * @param sql    the statement, with {@code %s} placeholders
     * @param params one value per placeholder
     * @return its rows, empty if it returns none
     */
    public List<Row> execute(String sql, Object... params) {
        return rowsOf(conn -> conn.execute(sql, params));
    }

    private List<Row> rowsOf(Function<Connection, Cursor<Row>> run) {
        return withConnection(conn -> {
            conn.setAutocommit(true);
            try (Cursor<Row> cur = run.apply(conn)) {
                return cur.description() == null ? List.<Row>of() : cur.fetchAll();
            }
        });
    }

    // ---- closing ---------------------------------------------------------------------------

    /**
     * Closes the pool: acquires fail with {@link PoolClosed} from now on, waiting ones too;
     * idle connections close now. Then it waits for the connections in use to be returned,
     * up to the pool's timeout; those still out after it are closed (with a warning).
     */
    @Override
    public void close() {
        core.close();
        try {
            core.waitClosed().get(timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "pool '" + name() + "': close() waited " + timeout().toMillis()
                    + " ms; closing the " + stats().inUse() + " connection(s) still in use");
            core.terminate();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            core.terminate();
        } catch (ExecutionException e) {
            throw Futures.unchecked(e);
        }
    }

    /**
     * Waits until the pool is closed and so is its last connection (aiopg
     * {@code wait_closed()}), after {@link #terminate()} for instance.
     *
     * @throws IllegalStateException unless {@link #close()} or {@link #terminate()} was called
     */
    public void waitClosed() {
        await(core.waitClosed(), v -> { });
    }

    /**
     * A ready check hook (psycopg_pool's {@code check_connection}): an empty query, run in
     * autocommit so that it opens no transaction. One round trip.
     *
     * <pre>{@code
     * PoolOptions.builder().check(Pool::checkConnection).build();
     * }</pre>
     *
     * @param conn an idle connection
     * @throws dev.tusk.errors.PgException if the server does not answer
     */
    public static void checkConnection(Connection conn) {
        boolean autocommit = conn.autocommit();
        if (!autocommit) {
            conn.setAutocommit(true);
        }
        try {
            conn.execute("").close();
        } finally {
            if (!autocommit && !conn.isClosed()) {
                conn.setAutocommit(false);
            }
        }
    }

    /**
     * Waits for {@code f} on this thread. An interrupt cancels it; a value that arrives
     * all the same goes to {@code unwanted}. Failures are thrown with this thread's stack.
     */
    private <T> T await(CompletableFuture<T> f, Consumer<T> unwanted) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!f.cancel(false) && !f.isCompletedExceptionally()) {
                unwanted.accept(f.join());
            }
            throw new OperationalException("pool '" + name() + "': interrupted while waiting", e);
        } catch (ExecutionException e) {
            RuntimeException cause = Futures.unchecked(e);
            cause.fillInStackTrace();
            throw cause;
        }
    }
}
