package dev.tusk.pool;

import dev.tusk.TuskFuture;
import dev.tusk.errors.OperationalException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns connection calls and user hooks, blocking or not, into futures, so that the pool's
 * core handles both kinds of connection alike. A blocking call runs at once, on the calling
 * thread, and gives a completed future.
 */
final class Futures {
    private Futures() {
    }

    /** Runs a blocking call now. */
    static CompletableFuture<Void> call(Runnable action) {
        try {
            action.run();
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Runs a blocking hook now; {@code null} (no hook) is done at once. */
    static <C> CompletableFuture<Void> accept(Consumer<C> hook, C conn) {
        return hook == null ? CompletableFuture.completedFuture(null) : call(() -> hook.accept(conn));
    }

    /** Starts an asynchronous hook; {@code null} (no hook), or a hook returning {@code null}, is done at once. */
    static <C> CompletableFuture<Void> stage(Function<C, ? extends CompletionStage<?>> hook, C conn) {
        if (hook == null) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            CompletionStage<?> stage = hook.apply(conn);
            return stage == null ? CompletableFuture.completedFuture(null)
                    : stage.toCompletableFuture().thenApply(v -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A failed future that refuses {@code join()} on a loop thread, as all Tusk futures do. */
    static <T> TuskFuture<T> failed(Throwable e) {
        TuskFuture<T> f = new TuskFuture<>();
        f.completeExceptionally(e);
        return f;
    }

    /** A completed future, for what the caller may chain on. */
    static TuskFuture<Void> done() {
        TuskFuture<Void> f = new TuskFuture<>();
        f.complete(null);
        return f;
    }

    /** The failure inside the wrappers that futures put around it. */
    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** A failure as an unchecked exception, for rethrowing. */
    static RuntimeException unchecked(Throwable e) {
        Throwable cause = unwrap(e);
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new OperationalException(cause.getMessage(), cause);
    }
}
