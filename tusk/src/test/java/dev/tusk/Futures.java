package dev.tusk;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/** Test helpers for Tusk's futures. */
final class Futures {
    private Futures() {
    }

    /** Waits (30 s at most) for {@code f} to fail and returns why; fails the test if it succeeds. */
    static Throwable failure(CompletableFuture<?> f) {
        try {
            f.orTimeout(30, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
