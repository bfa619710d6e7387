package dev.tusk.pool;

import dev.tusk.errors.OperationalException;

/**
 * The pool is closed, or not open yet (psycopg_pool {@code PoolClosed}): acquires fail with
 * this, and so do the acquires still waiting when it closes.
 */
public class PoolClosed extends OperationalException {
    /**
     * Creates the exception.
     *
     * @param message which pool, and why
     */
    public PoolClosed(String message) {
        super(message);
    }
}
