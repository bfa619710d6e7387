package dev.tusk;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The futures Tusk returns. Waiting for one on an event-loop thread would stop the loop that
 * must complete it, so {@code join()} and {@code get()} there fail at once with an
 * {@link InterfaceException} instead of hanging. Futures derived from it ({@code thenApply},
 * {@code thenCompose}, ...) behave the same.
 */
final class TuskFuture<T> extends CompletableFuture<T> {

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

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new TuskFuture<>();
    }

    @Override
    public T join() {
        refuseOnLoop();
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        refuseOnLoop();
        return super.get();
    }

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
