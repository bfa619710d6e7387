package dev.tusk.pool;

import dev.tusk.errors.OperationalException;

/**
 * An acquire was refused at once because {@link PoolOptions#maxWaiting()} acquires were
 * already waiting (psycopg_pool {@code TooManyRequests}): shedding load instead of queueing
 * without bound.
 */
public class TooManyRequests extends OperationalException {
    /**
     * Creates the exception.
     *
     * @param message how many were waiting
     */
    public TooManyRequests(String message) {
        super(message);
    }
}
