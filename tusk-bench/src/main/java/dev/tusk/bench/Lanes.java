package dev.tusk.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

/**
 * Keeps a fixed number of asynchronous operations in flight until a total is done: each of
 * {@code width} lanes starts its next operation when its last one completes. This is the load
 * of an asynchronous server with that many concurrent requests, the same for every driver.
 */
final class Lanes {
    private Lanes() {
    }

    /**
     * Runs {@code total} operations, {@code width} at a time, and waits for all of them.
     *
     * @param width     operations in flight
     * @param total     operations in all
     * @param operation starts operation number {@code i} (0-based)
     * @param checksum  folds one operation's result into the round's checksum
     * @param <T>       what an operation yields
     * @return the sample: {@code total} operations and the time they took
     */
    static <T> Sample run(int width, int total, IntFunction<? extends CompletionStage<T>> operation,
                          ToLongFunction<? super T> checksum) {
        AtomicInteger next = new AtomicInteger();
        AtomicLong sum = new AtomicLong();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger open = new AtomicInteger(Math.min(width, total));
        long start = System.nanoTime();
        for (int lane = 0, n = open.get(); lane < n; lane++) {
            startNext(next, total, operation, checksum, sum, open, done);
        }
        done.join();
        long nanos = System.nanoTime() - start;
        Sink.consume(sum.get());
        return Sample.of(total, nanos);
    }

    private static <T> void startNext(AtomicInteger next, int total, IntFunction<? extends CompletionStage<T>> operation,
                                      ToLongFunction<? super T> checksum, AtomicLong sum, AtomicInteger open,
                                      CompletableFuture<Void> done) {
        int i = next.getAndIncrement();
        if (i >= total) {
            if (open.decrementAndGet() == 0) {
                done.complete(null);
            }
            return;
        }
        operation.apply(i).whenComplete((result, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            sum.addAndGet(checksum.applyAsLong(result));
            // Completions usually arrive on the driver's loop thread; starting the next one
            // there is what an asynchronous application does, and it keeps the lane full.
            startNext(next, total, operation, checksum, sum, open, done);
        });
    }
}
