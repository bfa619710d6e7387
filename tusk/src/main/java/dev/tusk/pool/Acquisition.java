package dev.tusk.pool;

import dev.tusk.TuskFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One acquire: the future its caller holds, and when it started waiting. Completing the
 * future, by whoever (a connection, the timeout, the caller's cancel, the pool closing), is
 * what ends it; the pool then forgets it.
 *
 * @param <C> the connection type
 */
final class Acquisition<C> {
    final TuskFuture<C> future = new TuskFuture<>();
    /** Where the acquire was made, when leak detection is on; else {@code null}. */
    final Throwable trace;
    /** {@link System#nanoTime()} when it joined the queue, -1 while it never waited; guarded by the pool's lock. */
    long queuedAt = -1;
    volatile ScheduledFuture<?> timer;

    Acquisition(Throwable trace) {
        this.trace = trace;
    }
}
