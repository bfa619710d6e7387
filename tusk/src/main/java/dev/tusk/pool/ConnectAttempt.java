package dev.tusk.pool;

import java.util.concurrent.ScheduledFuture;

/**
 * A connection the pool is making: one try after another, with back-off delays, until one
 * succeeds, the connection is no longer needed, or {@link PoolOptions#reconnectTimeout()}
 * passes. Guarded by the pool's lock.
 */
final class ConnectAttempt {
    final long startedAt = System.nanoTime();
    int failures;
    /** The back-off delay before the next try, or {@code null} while a try is in progress. */
    ScheduledFuture<?> sleeping;
}
