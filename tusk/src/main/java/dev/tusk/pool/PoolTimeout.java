package dev.tusk.pool;

import dev.tusk.errors.OperationalException;

/**
 * No connection could be had within the pool's timeout (psycopg_pool {@code PoolTimeout}).
 * When the pool could not connect meanwhile, the message says so and the cause is the last
 * connection error: while the server is down, acquires end with this after the timeout.
 *
 * <pre>{@code
 * try (PooledConnection pc = pool.getConnection()) {
 *     ...
 * } catch (PoolTimeout e) {
 *     log.warn("database busy or down", e);          // e.getCause(): why connecting failed, if it did
 * }
 * }</pre>
 */
public class PoolTimeout extends OperationalException {
    /**
     * Creates the exception.
     *
     * @param message what timed out
     * @param cause   the last connection error, or {@code null}
     */
    public PoolTimeout(String message, Throwable cause) {
        super(message, cause);
    }
}
