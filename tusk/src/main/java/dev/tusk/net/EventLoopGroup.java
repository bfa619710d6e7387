package dev.tusk.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of selector threads ({@link EventLoop}s) that drive asynchronous connections.
 * Each connection is bound to one loop for its whole life and handed out round-robin, so a
 * few threads serve thousands of connections.
 *
 * <pre>{@code
 * EventLoopGroup group = new EventLoopGroup(2);          // or EventLoopGroup.shared()
 * ConnectOptions opts = ConnectOptions.builder().eventLoopGroup(group).build();
 * }</pre>
 *
 * The threads are daemons named {@code tusk-loop-N}; completions of Tusk futures run on them,
 * so callbacks must not block (a blocking Tusk call made there fails fast instead).
 */
public final class EventLoopGroup implements AutoCloseable {
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    private static volatile EventLoopGroup shared;

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Starts a group.
     *
     * @param threads the number of loop threads, at least 1
     */
    public EventLoopGroup(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("an event loop group needs at least one thread");
        }
        loops = new EventLoop[threads];
        try {
            for (int i = 0; i < threads; i++) {
                loops[i] = new EventLoop("tusk-loop-" + THREAD_NUMBERS.incrementAndGet());
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("could not open a selector", e);
        }
    }

    /**
     * The group used when none is configured: one loop per available processor, started on
     * first use and never stopped (its threads are daemons).
     *
     * @return the shared group
     */
    public static EventLoopGroup shared() {
        EventLoopGroup g = shared;
        if (g == null) {
            synchronized (EventLoopGroup.class) {
                g = shared;
                if (g == null) {
                    g = new EventLoopGroup(Runtime.getRuntime().availableProcessors());
                    shared = g;
                }
            }
        }
        return g;
    }

    /**
     * Whether the calling thread is a loop thread of any group. Blocking there would stop every
     * connection of that loop, including the one being waited for.
     *
     * @return true on a loop thread
     */
    public static boolean inEventLoop() {
        return Thread.currentThread() instanceof EventLoop.LoopThread;
    }

    /**
     * The loop for a new connection (round-robin).
     *
     * @return a loop
     */
    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    /**
     * The number of loops.
     *
     * @return the thread count
     */
    public int size() {
        return loops.length;
    }

    /** Stops the loops; their connections are closed. Not allowed on the shared group. */
    @Override
    public void close() {
        if (this == shared) {
            throw new IllegalStateException("the shared event loop group cannot be closed");
        }
        for (EventLoop loop : loops) {
            if (loop != null) {
                loop.shutdown();
            }
        }
    }
}
