package dev.tusk.pool;

import dev.tusk.TuskFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one daemon thread ({@code tusk-pool-timer}) that runs every pool's timed work:
 * acquire timeouts, back-off delays and the periodic sweep. Its tasks do no I/O but a
 * non-blocking read, and never wait.
 */
final class PoolTimer {
    private static final System.Logger LOG = System.getLogger("dev.tusk.pool");
    private static final ScheduledThreadPoolExecutor TIMER = create();

    private PoolTimer() {
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "tusk-pool-timer");
            t.setDaemon(true);
            return t;
        });
        // Acquire timeouts are cancelled far more often than they fire: don't let them pile up.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    static ScheduledFuture<?> after(Duration delay, Runnable task) {
        return TIMER.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    static ScheduledFuture<?> every(Duration period, Runnable task) {
        long nanos = period.toNanos();
        return TIMER.scheduleWithFixedDelay(guarded(task), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * {@code f}, or a failure with {@code error} once {@code limit} passes; a value that
     * arrives after that goes to {@code late} (a connection nobody waits for any more, to close).
     */
    static <T> CompletableFuture<T> within(CompletableFuture<T> f, Duration limit, Supplier<RuntimeException> error,
                                           Consumer<T> late) {
        if (f.isDone()) {
            return f;
        }
        TuskFuture<T> bounded = new TuskFuture<>();
        ScheduledFuture<?> timer = after(limit, () -> bounded.completeExceptionally(error.get()));
        f.whenComplete((value, failure) -> {
            timer.cancel(false);
            if (failure != null) {
                bounded.completeExceptionally(Futures.unwrap(failure));
            } else if (!bounded.complete(value)) {
                late.accept(value);
            }
        });
        return bounded;
    }

    /** A periodic task that throws would never run again: log and go on instead. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "pool timer task failed", e);
            }
        };
    }
}
