package dev.tusk.net;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;

/**
 * A wait callback, psycopg2's {@code set_wait_callback}: when a blocking
 * {@code dev.tusk.Connection} has one, its socket stays in non-blocking mode and every time
 * the driver would block it calls the waiter instead. A coroutine-style scheduler can then run
 * other work while the connection waits; see {@code CooperativeScheduler} in
 * {@code tusk-examples}.
 *
 * <pre>{@code
 * Waiter.setGlobal(Waiter.select());                 // every new Connection, like psycopg2
 * ConnectOptions opts = ConnectOptions.builder()
 *         .waiter(scheduler.waiter())                // or one connection
 *         .build();
 * }</pre>
 *
 * <p>The driver retries its non-blocking I/O whenever the waiter returns and checks its own
 * deadline, so a waiter may return early or spuriously; it must not return much later than
 * {@code timeout}, or statement and connect timeouts fire late. A waiter that registers the
 * channel with a selector of its own should select on it again after the connection closed:
 * until then the closed channel keeps its file descriptor (a rule of NIO).
 */
@FunctionalInterface
public interface Waiter {
    /**
     * Waits until {@code channel} is probably ready for {@code ops} or {@code timeout} passed.
     *
     * @param channel the connection's socket, in non-blocking mode
     * @param ops     {@link SelectionKey} interest ops: {@code OP_READ}, {@code OP_WRITE},
     *                {@code OP_READ | OP_WRITE} (the driver reads while it writes, so that a
     *                long pipeline cannot deadlock), or {@code OP_CONNECT} while a connect is pending
     * @param timeout the time left before the driver's deadline, or {@code null} for no bound
     * @throws IOException to abort the wait (an {@link java.io.InterruptedIOException}, say):
     *                     the connection is then treated as lost, like after any I/O failure
     */
    void await(SelectableChannel channel, int ops, Duration timeout) throws IOException;

    /**
     * The default waiter, psycopg2's {@code wait_select}: selects on a selector kept per
     * thread, so a wait costs no new selector. An interrupted thread's wait fails with
     * {@link java.io.InterruptedIOException} (its interrupt status stays set), as an
     * interrupted blocking read fails.
     *
     * @return the selector-based waiter
     */
    static Waiter select() {
        return SelectWaiter.INSTANCE;
    }

    /**
     * Sets the waiter of the blocking connections opened from now on that configure none
     * ({@code ConnectOptions.waiter}); psycopg2's {@code set_wait_callback(f)}. Open
     * connections keep the waiter they were opened with.
     *
     * @param waiter the waiter, or {@code null} to go back to plain blocking I/O
     *               ({@code set_wait_callback(None)})
     */
    static void setGlobal(Waiter waiter) {
        GlobalWaiter.set(waiter);
    }

    /**
     * The global waiter set by {@link #setGlobal}.
     *
     * @return the waiter, or {@code null} when none is set
     */
    static Waiter global() {
        return GlobalWaiter.get();
    }
}
