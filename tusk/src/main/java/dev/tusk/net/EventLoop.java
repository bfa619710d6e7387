package dev.tusk.net;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One selector thread driving the sockets of its connections. Work reaches it from any thread
 * through {@link #execute(Runnable)}; everything else runs on the loop thread only: socket
 * readiness, timers, and the tasks, in that order each turn. Because tasks run after the
 * sockets were read, the commands that completions issue are written together at the end of
 * the turn: many commands, one write.
 */
public final class EventLoop {
    private static final System.Logger LOG = System.getLogger("dev.tusk");

    /** The loop's thread; its type is how a blocking call recognises a loop thread. */
    static final class LoopThread extends Thread {
        LoopThread(Runnable body, String name) {
            super(body, name);
            setDaemon(true);
        }
    }

    private final Selector selector;
    private final LoopThread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    // True while the selector has been (or is about to be) woken: saves a syscall per task.
    private final AtomicBoolean woken = new AtomicBoolean();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private volatile boolean shutdown;

    EventLoop(String name) throws IOException {
        selector = Selector.open();
        thread = new LoopThread(this::run, name);
        thread.start();
    }

    /**
     * Runs {@code task} on the loop thread, after the tasks submitted before it.
     *
     * @param task the task
     */
    public void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread && woken.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * Runs {@code task} on the loop after a delay. Loop thread only.
     *
     * @param delayNanos the delay
     * @param task       what to run
     * @return the timer, to cancel it
     */
    Timer schedule(long delayNanos, Runnable task) {
        Timer t = new Timer(System.nanoTime() + Math.max(0, delayNanos), task);
        timers.add(t);
        return t;
    }

    /** Registers a channel with this loop's selector. Loop thread only. */
    SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    void shutdown() {
        shutdown = true;
        selector.wakeup();
    }

    private void run() {
        while (!shutdown) {
            try {
                turn();
            } catch (IOException | RuntimeException e) {
                // A bug in one connection's handling must not stop the loop of all the others.
                LOG.log(System.Logger.Level.ERROR, "unexpected failure in Tusk event loop " + thread.getName(), e);
            }
        }
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof IoHandler h) {
                h.loopClosed();
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private void turn() throws IOException {
        long waitMillis = millisToNextTimer();
        woken.set(false);
        if (!tasks.isEmpty() || waitMillis == 0) {
            selector.selectNow(this::ready);
        } else {
            selector.select(this::ready, waitMillis < 0 ? 0 : waitMillis);
        }
        runTimers();
        Runnable task;
        // Only the tasks present now: tasks added by these run next turn, after a fresh select.
        for (int n = tasks.size(); n > 0 && (task = tasks.poll()) != null; n--) {
            runSafely(task);
        }
    }

    private void ready(SelectionKey key) {
        try {
            ((IoHandler) key.attachment()).ready(key);
        } catch (CancelledKeyException e) {
            // closed by the handler while handling
        }
    }

    private long millisToNextTimer() {
        Timer t;
        while ((t = timers.peek()) != null && t.cancelled) {
            timers.poll();
        }
        if (t == null) {
            return -1;
        }
        long nanos = t.deadline - System.nanoTime();
        return nanos <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
    }

    private void runTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && (t.cancelled || t.deadline - now <= 0)) {
            timers.poll();
            if (!t.cancelled) {
                t.cancelled = true;
                runSafely(t.task);
            }
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "unexpected failure in a Tusk event loop task", e);
        }
    }

    /** A task due at a point in time; loop thread only. */
    static final class Timer implements Comparable<Timer> {
        final long deadline;
        final Runnable task;
        boolean cancelled;

        Timer(long deadline, Runnable task) {
            this.deadline = deadline;
            this.task = task;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            return Long.compare(deadline - o.deadline, 0);
        }
    }
}
