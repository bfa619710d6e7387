package dev.tusk.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.Connection;
import dev.tusk.ConnectOptions;
import dev.tusk.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Helpers of the pool tests. */
final class PoolTesting {
    static final ConnectOptions AUTOCOMMIT = ConnectOptions.builder().autocommit(true).build();

    private PoolTesting() {
    }

    /** Waits (10 s at most) until {@code condition} holds; fails the test otherwise. */
    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            sleep(Duration.ofMillis(10));
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits (30 s at most) for {@code f} to fail and returns why. */
    static Throwable failure(CompletableFuture<?> f) {
        try {
            f.orTimeout(30, TimeUnit.SECONDS).join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    /** Ends the server sessions with these backend pids, and waits until they are gone. */
    static void terminateBackends(String dsn, Collection<Integer> pids) {
        try (Connection admin = Connection.connect(dsn, AUTOCOMMIT)) {
            for (int pid : pids) {
                assertThat(admin.execute("SELECT pg_terminate_backend(%s)", pid).fetchOne().get(0)).isEqualTo(true);
            }
            // Gone from pg_stat_activity means the FATAL message was written to the socket.
            eventually("the backends exit", () -> (Long) admin.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", new ArrayList<>(pids))
                    .fetchOne().get(0) == 0);
        }
    }

    /** Captures what the pools log, from INFO up. */
    static LogCapture poolLog() {
        return LogCapture.of("dev.tusk.pool", System.Logger.Level.INFO);
    }

    /** The messages captured at {@code level}. */
    static List<String> messages(LogCapture log, System.Logger.Level level) {
        return log.entries().stream().filter(e -> e.level() == level).map(LogCapture.Entry::message).toList();
    }
}
