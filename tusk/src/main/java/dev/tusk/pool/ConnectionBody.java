package dev.tusk.pool;

import dev.tusk.Connection;

/**
 * Work done with a pooled connection by {@link Pool#withConnection}; it may throw a checked
 * exception.
 *
 * <pre>{@code
 * String name = pool.withConnection(conn -> conn.execute("SELECT current_user").fetchOne().get(0, String.class));
 * }</pre>
 *
 * @param <T> what it returns
 * @param <E> the checked exception it may throw
 */
@FunctionalInterface
public interface ConnectionBody<T, E extends Exception> {
    /**
     * Does the work.
     *
     * @param conn the connection, to use only until this returns
     * @return the result
     * @throws E the body's own failure
     */
    T run(Connection conn) throws E;
}
