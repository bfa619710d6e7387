package dev.tusk.pool;

import java.time.Duration;

/** The pool's running counters; guarded by the pool's lock, like the state they count. */
final class Counters {
    long requests;
    long queued;
    long errors;
    long cancelled;
    long waitNanos;
    long usageNanos;
    long badReturns;
    long made;
    long failed;
    long lost;
    long closed;
    long connectNanos;

    /** The public record: these counters with the sizes of the moment. */
    PoolStats snapshot(int minSize, int maxSize, int size, int available, int inUse, int waiting, int connecting) {
        return new PoolStats(minSize, maxSize, size, available, inUse, waiting, connecting, requests, queued, errors,
                cancelled, Duration.ofNanos(waitNanos), Duration.ofNanos(usageNanos), badReturns, made, failed, lost,
                closed, Duration.ofNanos(connectNanos));
    }
}
