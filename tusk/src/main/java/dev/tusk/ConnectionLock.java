package dev.tusk;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The lock that runs a blocking {@link Connection}'s commands one at a time. It is fair, so
 * threads get the connection in the order they asked for it. A {@link Notifies} wait reads the
 * socket while holding it; a thread that asks for the lock meanwhile wakes that wait, which
 * then hands the lock over: a connection waiting for notifications never holds up the queries
 * of other threads, and their reads deliver the notifications that arrive meanwhile.
 */
final class ConnectionLock extends ReentrantLock {
    /** How often a waiter for the lock checks whether its {@link Notifies} was closed. */
    private static final long STOP_CHECK_MILLIS = 20;

    private final AtomicInteger wanting = new AtomicInteger();
    private final Runnable wakeWaiter;
    private volatile boolean notifyWaiting;

    /**
     * @param wakeWaiter ends a notifications wait in progress (from any thread)
     */
    ConnectionLock(Runnable wakeWaiter) {
        super(true);
        this.wakeWaiter = wakeWaiter;
    }

    /** Takes the lock for a command, first waking a notifications wait that holds it. */
    @Override
    public void lock() {
        if (isHeldByCurrentThread()) {
            super.lock();
            return;
        }
        wanting.incrementAndGet();
        try {
            // Read after the count was raised; the wait raises its flag before it reads the
            // count: one of the two always sees the other.
            if (notifyWaiting) {
                wakeWaiter.run();
            }
            super.lock();
        } finally {
            wanting.decrementAndGet();
        }
    }

    /**
     * Takes the lock for a notifications wait: without waking another such wait (two would
     * hand the lock back and forth for ever), and giving up once {@code stop} is true.
     *
     * @return whether the lock was taken; false when stopped or interrupted (whose status stays set)
     */
    boolean lockUnless(BooleanSupplier stop) {
        try {
            while (!tryLock(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stop.getAsBoolean()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Marks the holder as waiting for notifications (or no longer), so that {@link #lock} wakes it. */
    void notifyWaiting(boolean on) {
        notifyWaiting = on;
    }

    /** Whether another thread waits for the lock to run a command. */
    boolean wanted() {
        return wanting.get() > 0;
    }
}
