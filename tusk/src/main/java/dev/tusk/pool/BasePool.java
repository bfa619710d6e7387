package dev.tusk.pool;

import dev.tusk.BaseConnection;
import dev.tusk.conninfo.ConnInfo;
import java.time.Duration;
import java.util.Objects;

/**
 * What both pools share (as {@link BaseConnection} for connections): sizing, maintenance,
 * termination and the information members. {@link AsyncPool} hands out
 * {@link dev.tusk.AsyncConnection}s with futures, {@link Pool} blocking
 * {@link dev.tusk.Connection}s; both run the same policy.
 *
 * <pre>{@code
 * BasePool<?> pool = ...;
 * pool.resize(2, 20);                       // at busy times
 * PoolStats stats = pool.stats();           // sizes now, counters since creation
 * }</pre>
 *
 * @param <C> the connection type
 */
public abstract sealed class BasePool<C extends BaseConnection> permits AsyncPool, Pool {
    final PoolCore<C> core;

    BasePool(PoolOptions options, Connector<C> connector) {
        this.core = new PoolCore<>(options, connector, () -> options.reconnectFailed().accept(this));
    }

    /** Fails fast on what could never work, before a pool exists: a malformed conninfo, hooks of the other kind. */
    static void validate(String conninfo, PoolOptions options, boolean async) {
        Objects.requireNonNull(options, "options");
        ConnInfo.parse(Objects.requireNonNull(conninfo, "conninfo"));
        options.requireHooks(async);
    }

    // ---- sizing and maintenance ------------------------------------------------------------

    /**
     * Changes the sizes (psycopg_pool {@code resize}): new connections are made if the
     * minimum grew or acquires wait; excess idle connections close now, excess ones in use
     * when they are returned.
     *
     * @param minSize the new minimum, at least 0
     * @param maxSize the new maximum, at least {@code minSize}, or 0 for no limit
     * @throws IllegalArgumentException for impossible sizes
     */
    public void resize(int minSize, int maxSize) {
        core.resize(minSize, maxSize);
    }

    /**
     * Closes the idle connections now (aiopg {@code clear()}); the pool makes new ones when
     * they are needed, in the background up to {@code minSize}.
     */
    public void clear() {
        core.clear();
    }

    /**
     * Replaces every connection (psycopg_pool {@code drain()}): idle ones are closed now and
     * connections in use when they are returned, and new ones are made up to
     * {@code minSize}. For instance after changing the global adapters, which new
     * connections copy.
     */
    public void drain() {
        core.drain();
    }

    /**
     * Closes the pool and every connection, also those in use (aiopg {@code terminate()}):
     * their holders' calls fail, and returning them afterwards does nothing. Never blocks.
     */
    public void terminate() {
        core.terminate();
    }

    // ---- information -----------------------------------------------------------------------

    /**
     * The pool's name, from {@link PoolOptions#name()} or {@code pool-N}.
     *
     * @return the name
     */
    public String name() {
        return core.name();
    }

    /**
     * The open connections: idle, in use, and being checked or reset (aiopg {@code size});
     * attempts in progress do not count.
     *
     * @return the count
     */
    public int size() {
        return core.size();
    }

    /**
     * The idle connections (aiopg {@code freesize}).
     *
     * @return the count
     */
    public int freeSize() {
        return core.freeSize();
    }

    /**
     * The minimum size now.
     *
     * @return the minimum
     */
    public int minSize() {
        return core.minSize();
    }

    /**
     * The maximum size now, 0 for no limit.
     *
     * @return the maximum
     */
    public int maxSize() {
        return core.maxSize();
    }

    /**
     * How long an acquire waits before failing with {@link PoolTimeout}.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return core.timeout();
    }

    /**
     * The sizes now and the counters since creation.
     *
     * @return a snapshot
     */
    public PoolStats stats() {
        return core.stats();
    }

    /**
     * Whether the pool was closed or terminated.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return core.isClosed();
    }

    @Override
    public String toString() {
        PoolStats s = stats();
        return getClass().getSimpleName() + "[" + name() + ", " + s.inUse() + " in use, " + s.available() + " idle, "
                + s.waiting() + " waiting" + (isClosed() ? ", closed" : "") + "]";
    }
}
