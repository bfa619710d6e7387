package dev.tusk;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The futures Tusk returns. Waiting for one on an event-loop thread would stop the loop that
 * must complete it, so {@code join()} and {@code get()} there fail at once with an
 * {@link dev.tusk.errors.InterfaceException} instead of hanging. Futures derived from it ({@code thenApply},
 * {@code thenCompose}, ...) behave the same. Public for the layers built on connections
 * ({@code dev.tusk.pool}), whose futures follow the same rule.
 *
 * @param <T> the result type
 */
public final class TuskFuture<T> extends CompletableFuture<T> {

    /** Creates an incomplete future. */
    public TuskFuture() {
    }

    static <T> TuskFuture<T> failed(Throwable e) {
        TuskFuture<T> f = new TuskFuture<>();
        f.completeExceptionally(e);
        return f;
    }

    static <T> TuskFuture<T> done(T value) {
        TuskFuture<T> f = new TuskFuture<>();
        f.complete(value);
        return f;
    }

    /**
     * A new incomplete {@code TuskFuture}, so that derived futures refuse blocking on a loop too.
     *
     * @param <U> the result type
     * @return the future
     */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new TuskFuture<>();
    }

    /**
     * Waits for the result, unless called on an event-loop thread before it is done.
     *
     * @return the result
     * @throws dev.tusk.errors.InterfaceException on an event-loop thread while the future is incomplete
     */
    @Override
    public T join() {
        refuseOnLoop();
        return super.join();
    }

    /**
     * Waits for the result, unless called on an event-loop thread before it is done.
     *
     * @return the result
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException   if the future failed
     * @throws dev.tusk.errors.InterfaceException on an event-loop thread while the future is incomplete
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        refuseOnLoop();
        return super.get();
    }

    /**
     * Waits at most {@code timeout} for the result, unless called on an event-loop thread
     * before it is done.
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return the result
     * @throws InterruptedException if interrupted while waiting
     * @throws ExecutionException   if the future failed
     * @throws TimeoutException     if the time ran out
     * @throws dev.tusk.errors.InterfaceException on an event-loop thread while the future is incomplete
     */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        refuseOnLoop();
        return super.get(timeout, unit);
    }

    private void refuseOnLoop() {
        if (!isDone()) {
            LoopGuard.refuseBlocking("waiting for a Tusk future");
        }
    }
}
