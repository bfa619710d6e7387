package dev.tusk.pool;

import dev.tusk.Connection;

/**
 * A connection lent by {@link Pool#getConnection()}: closing the lease, at the end of a
 * try-with-resources block, gives the connection back to the pool instead of closing it.
 * Commit before: the return rolls back an open transaction (and logs a warning).
 *
 * <pre>{@code
 * try (PooledConnection pc = pool.getConnection()) {
 *     Connection conn = pc.connection();
 *     conn.execute("INSERT INTO t VALUES (1)");
 *     conn.commit();
 * }
 * }</pre>
 */
public final class PooledConnection implements AutoCloseable {
    private final Connection connection;
    private final ReleaseOnce release;

    PooledConnection(Connection connection, Runnable release) {
        this.connection = connection;
        this.release = new ReleaseOnce(release);
    }

    /**
     * The connection, to use until the lease is closed.
     *
     * @return the connection
     */
    public Connection connection() {
        return connection;
    }

    /** Gives the connection back to the pool; later calls do nothing. */
    @Override
    public void close() {
        release.run();
    }

    @Override
    public String toString() {
        return "PooledConnection[" + connection + "]";
    }
}
