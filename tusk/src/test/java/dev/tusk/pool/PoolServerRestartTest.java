package dev.tusk.pool;

import static dev.tusk.pool.PoolTesting.AUTOCOMMIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.Listener;
import dev.tusk.errors.OperationalException;
import dev.tusk.testing.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7's acceptance 3: with the server stopped, acquires fail within the timeout with a
 * clear error; once it is back, the same pools serve again. A server of its own: stopping
 * the shared one would break the other tests.
 */
@Timeout(180)
class PoolServerRestartTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void whileTheServerIsDownAcquiresFailWithinTheTimeoutAndThePoolsRecoverWhenItReturns() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setting("fsync", "off").start()) {
            PoolOptions options = PoolOptions.builder().minSize(2).maxSize(4).timeout(TIMEOUT)
                    .reconnectBackoff(new Listener.Backoff(Duration.ofMillis(50), Duration.ofMillis(500), 0.2))
                    .connectOptions(AUTOCOMMIT).build();
            AsyncPool async = AsyncPool.open(pg.dsn(), options).join();
            Pool blocking = Pool.open(pg.dsn(), options);
            try {
                assertThat(async.execute("SELECT 1").join()).hasSize(1);
                assertThat(blocking.execute("SELECT 1")).hasSize(1);

                pg.stop();
                CompletableFuture<List<Throwable>> asyncFailures = CompletableFuture.supplyAsync(
                        () -> failTwice(() -> async.execute("SELECT 1").join()));
                List<Throwable> blockingFailures = failTwice(() -> blocking.execute("SELECT 1"));
                for (List<Throwable> failures : List.of(asyncFailures.join(), blockingFailures)) {
                    assertThat(failures).allSatisfy(e -> assertThat(e).isInstanceOf(OperationalException.class));
                    assertThat(failures.get(1)).isInstanceOf(PoolTimeout.class)
                            .hasMessageContaining("connecting failed").hasCauseInstanceOf(OperationalException.class);
                }
                assertThat(async.stats().connectionsFailed()).isPositive();

                pg.start();
                recovers(() -> async.execute("SELECT 2").join());
                recovers(() -> blocking.execute("SELECT 2"));
                for (int i = 0; i < 10; i++) {
                    assertThat(async.execute("SELECT %s::int", i).join().get(0).get(0)).isEqualTo(i);
                    assertThat(blocking.execute("SELECT %s::int", i).get(0).get(0)).isEqualTo(i);
                }
                assertThat(async.isClosed()).isFalse();
                assertThat(blocking.isClosed()).isFalse();
            } finally {
                async.terminate();
                blocking.terminate();
            }
        }
    }

    /** Two acquires, each failing within the timeout (and a margin), with what they failed with. */
    private static List<Throwable> failTwice(Callable<?> acquire) {
        Throwable[] failures = new Throwable[2];
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            try {
                acquire.call();
                throw new AssertionError("an acquire succeeded with the server down");
            } catch (Exception e) {
                failures[i] = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(2));
        }
        return List.of(failures);
    }

    /** Retries (30 s at most) until the pool serves again. */
    private static void recovers(Callable<?> query) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                query.call();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }
}
