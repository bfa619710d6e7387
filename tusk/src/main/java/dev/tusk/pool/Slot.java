package dev.tusk.pool;

/**
 * One connection of a pool and what the pool knows about it. Every field but the final
 * ones is guarded by the pool's lock.
 *
 * @param <C> the connection type
 */
final class Slot<C> {
    /** Where a connection is; only the pool's lock moves it from one state to the next. */
    enum State {
        /** In the idle queue. */
        IDLE,
        /** Taken for an acquire, being checked before it is handed over. */
        RESERVED,
        /** Handed out. */
        OUT,
        /** Returned, being reset. */
        RETURNING,
        /** Closed or lost: no longer the pool's. */
        CLOSED
    }

    final C conn;
    /** {@link System#nanoTime()} after which it is replaced; meaningless unless {@link #expires}. */
    final long expiresAt;
    final boolean expires;
    /** The pool's {@code drain()} count when it was made: older connections are replaced. */
    final int generation;
    /** Hears the errors that make the connection unfit for reuse. */
    final UnfitWatch unfit = new UnfitWatch();
    State state = State.RESERVED;
    /** Whether it was made available once: only then does it count towards a filled pool. */
    boolean adopted;
    long idleSince;
    long outSince;
    /** The stack trace of the acquire that holds it, when leak detection is on. */
    Throwable acquiredAt;
    boolean leakReported;

    Slot(C conn, long expiresAt, boolean expires, int generation) {
        this.conn = conn;
        this.expiresAt = expiresAt;
        this.expires = expires;
        this.generation = generation;
    }

    boolean expired(long now) {
        return expires && now - expiresAt >= 0;
    }
}
