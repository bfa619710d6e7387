package dev.tusk;

import dev.tusk.errors.OperationalException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The notifications of a blocking {@link Connection}, as they come (psycopg 3's
 * {@code conn.notifies()} generator): {@link #hasNext()} blocks until the next one arrives, and
 * returns false once the iteration ends: after {@link #close()} (from any thread), at the
 * timeout, or after {@code stopAfter} notifications.
 *
 * <pre>{@code
 * conn.execute("LISTEN mychan");
 * try (Notifies gen = conn.notifies()) {
 *     for (Notify n : gen) {
 *         System.out.println(n);
 *         if (n.payload().equals("stop")) {
 *             gen.close();        // ends the loop; another thread may call it too
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Nothing is lost: the connection buffers every notification it reads, whether it arrives
 * during a query or between two calls, and {@code hasNext()} returns the buffered ones first.
 * The buffer has no bound: a connection that {@code LISTEN}s and never iterates keeps its
 * notifications in memory until it does, or until it closes.
 *
 * <p>While it waits, {@code hasNext()} holds the connection and reads its socket; a command
 * issued meanwhile by another thread wakes it, runs, and the wait resumes after it (psycopg 3
 * instead keeps other threads waiting). When the connection is closed, from any thread, or
 * lost, {@code hasNext()} throws an {@link OperationalException} ("the connection is closed",
 * or "the connection is broken" with the cause) once the buffered notifications are
 * delivered. An interrupt of the waiting thread ends the iteration and leaves the thread's
 * interrupt status set. Iterable once: {@link #iterator()} returns this object.
 */
public final class Notifies implements Iterator<Notify>, Iterable<Notify>, AutoCloseable {
    private final Connection conn;
    private final long deadline;
    private final int stopAfter;
    private volatile boolean closed;
    private boolean ended;
    private int delivered;
    private Notify next;

    /**
     * @param deadline  {@link System#nanoTime()} bound, or {@code SocketIo.NO_DEADLINE}
     * @param stopAfter how many notifications end the iteration; 0 for no limit
     */
    Notifies(Connection conn, long deadline, int stopAfter) {
        this.conn = conn;
        this.deadline = deadline;
        this.stopAfter = stopAfter;
    }

    /**
     * Waits for the next notification, unless one is buffered.
     *
     * @return true if there is one; false when closed, out of time, at {@code stopAfter} or interrupted
     * @throws OperationalException if the connection is closed or lost
     */
    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (ended || closed || (stopAfter > 0 && delivered >= stopAfter)) {
            ended = true;
            return false;
        }
        next = conn.nextNotify(this, deadline);
        ended = next == null;
        return !ended;
    }

    /**
     * The next notification, waiting for it if needed.
     *
     * @return the notification
     * @throws NoSuchElementException when the iteration has ended
     * @throws OperationalException   if the connection is closed or lost
     */
    @Override
    public Notify next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more notifications");
        }
        Notify n = next;
        next = null;
        delivered++;
        return n;
    }

    /**
     * This iterator itself: the notifications can be iterated once.
     *
     * @return this
     */
    @Override
    public Iterator<Notify> iterator() {
        return this;
    }

    /**
     * Ends the iteration; any thread. A {@code hasNext()} waiting now returns false at once;
     * notifications not yet taken stay buffered on the connection for the next iterator.
     */
    @Override
    public void close() {
        closed = true;
        conn.wakeNotifyWait();
    }

    boolean isClosed() {
        return closed;
    }
}
