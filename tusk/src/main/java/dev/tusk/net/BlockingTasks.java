package dev.tusk.net;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The few things an asynchronous connection must do with blocking JDK calls (host name
 * resolution, the short-lived cancel-request connection) run here, never on a loop thread.
 * Daemon threads named {@code tusk-blocking-N}, created on demand and gone after a minute idle.
 */
final class BlockingTasks {
    private static final AtomicInteger NUMBERS = new AtomicInteger();
    private static final ExecutorService EXECUTOR = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "tusk-blocking-" + NUMBERS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private BlockingTasks() {
    }

    static <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, EXECUTOR);
    }
}
