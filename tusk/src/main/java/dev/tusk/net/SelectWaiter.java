package dev.tusk.net;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;

/**
 * {@link Waiter#select()}: one selector per thread, with which every channel the thread waits
 * on stays registered, so that a wait costs a select and not a new selector (an epoll
 * instance and a wake-up pipe on Linux).
 */
final class SelectWaiter implements Waiter {
    static final SelectWaiter INSTANCE = new SelectWaiter();
    /** Beyond this a timeout in milliseconds would overflow; such a wait is unbounded in practice. */
    private static final long MAX_SECONDS = Long.MAX_VALUE / 1000 - 1;
    private static final ThreadLocal<Selector> SELECTORS = new ThreadLocal<>();

    private SelectWaiter() {
    }

    @Override
    public void await(SelectableChannel channel, int ops, Duration timeout) throws IOException {
        Selector selector = selector();
        SelectionKey key = register(selector, channel, ops);
        try {
            select(selector, timeout);
        } finally {
            selector.selectedKeys().clear();
            // Left interested, this channel would cut short a later wait of the thread on another one.
            try {
                key.interestOps(0);
            } catch (CancelledKeyException closedMeanwhile) {
                // the next wait or release() deregisters it
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            // A select returns at once while the interrupt status is set: carrying on would spin.
            throw new InterruptedIOException("interrupted while waiting on the connection's socket");
        }
    }

    private static Selector selector() throws IOException {
        Selector selector = SELECTORS.get();
        if (selector == null) {
            selector = Selector.open();
            SELECTORS.set(selector);
        }
        return selector;
    }

    private static SelectionKey register(Selector selector, SelectableChannel channel, int ops) throws IOException {
        SelectionKey key = channel.keyFor(selector);
        try {
            if (key != null && !key.isValid()) {
                // A cancelled key blocks registering again until a selection drops it; a closed
                // channel then fails to register below, as it should.
                flush(selector);
                key = null;
            }
            if (key == null) {
                return channel.register(selector, ops);
            }
            key.interestOps(ops);
            return key;
        } catch (CancelledKeyException e) {
            // Closed by another thread meanwhile.
            ClosedChannelException closed = new ClosedChannelException();
            closed.initCause(e);
            throw closed;
        }
    }

    private static void select(Selector selector, Duration timeout) throws IOException {
        if (timeout == null || timeout.getSeconds() > MAX_SECONDS) {
            selector.select();
        } else if (timeout.isNegative() || timeout.isZero()) {
            selector.selectNow();
        } else {
            // select(0) would mean no bound: a wait under a millisecond waits one.
            selector.select(Math.max(1, timeout.toMillis()));
        }
    }

    private static void flush(Selector selector) throws IOException {
        selector.selectNow();
        selector.selectedKeys().clear();
    }

    /**
     * Lets a closed channel go from the current thread's selector. A channel closed while
     * registered keeps its file descriptor until that selector next selects, which a thread
     * done with its connections may never do; and a selector left without channels is closed,
     * as nothing else would ever release it. A channel registered by other threads is let go
     * at their next wait.
     */
    static void release(SelectableChannel channel) {
        Selector selector = SELECTORS.get();
        if (selector == null || channel.keyFor(selector) == null) {
            return;
        }
        try {
            flush(selector);
            if (selector.keys().isEmpty()) {
                SELECTORS.remove();
                selector.close();
            }
        } catch (IOException ignored) {
            // best effort: the next wait of this thread flushes it too
        }
    }
}
