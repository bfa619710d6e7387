package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.errors.AdminShutdown;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.QueryCanceled;
import dev.tusk.errors.QueryTimeoutException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class AsyncCancelAndTimeoutTest {
    private final String dsn;
    private AsyncConnection conn;

    AsyncCancelAndTimeoutTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    @BeforeEach
    void connect() {
        conn = AsyncConnection.connect(dsn, ConnectOptions.builder().autocommit(true).build()).join();
    }

    @AfterEach
    void close() {
        conn.close();
    }


    private Object selectOne(AsyncConnection c, Object value) {
        return c.execute("SELECT %s::int", value).join().fetchOne().join().get(0);
    }

    @Test
    void aStatementPastItsTimeoutIsCancelledOnTheServerAndTheConnectionStaysUsable() {
        AsyncCursor<Row> cur = conn.cursor();
        cur.setTimeout(Duration.ofMillis(100));
        long t0 = System.nanoTime();
        Throwable e = Futures.failure(cur.execute("SELECT pg_sleep(10)"));
        assertThat(e).isInstanceOf(QueryTimeoutException.class).isInstanceOf(QueryCanceled.class)
                .hasMessageContaining("timed out after 100 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(selectOne(conn, 7)).isEqualTo(7);
        assertThat(conn.isBroken()).isFalse();
    }

    @Test
    void aPerCallTimeoutOverridesTheCursorTimeout() {
        AsyncCursor<Row> cur = conn.cursor();
        cur.setTimeout(Duration.ofSeconds(30));
        assertThat(Futures.failure(cur.execute(Duration.ofMillis(100), "SELECT pg_sleep(%s)", 10)))
                .isInstanceOf(QueryTimeoutException.class).hasMessageContaining("100 ms");
        assertThat(Futures.failure(cur.execute(Duration.ofMillis(100), "SELECT pg_sleep(%(s)s)", java.util.Map.of("s", 10))))
                .isInstanceOf(QueryTimeoutException.class);
        assertThat(cur.execute(Duration.ofSeconds(5), "SELECT %s::int", 9).join().fetchOne().join().get(0)).isEqualTo(9);
    }

    @Test
    void theConnectionDefaultTimeoutAppliesToItsCursors() {
        AsyncConnection c = AsyncConnection.connect(dsn, ConnectOptions.builder().autocommit(true)
                .timeout(Duration.ofMillis(100)).build()).join();
        try {
            assertThat(Futures.failure(c.execute("SELECT pg_sleep(10)"))).isInstanceOf(QueryTimeoutException.class);
            assertThat(selectOne(c, 1)).isEqualTo(1);
        } finally {
            c.close();
        }
    }

    @Test
    void aTimeoutInsideATransactionLeavesItFailedAndRecoverableByRollback() {
        AsyncConnection c = AsyncConnection.connect(dsn).join();
        try {
            c.execute("SELECT 1").join();
            AsyncCursor<Row> cur = c.cursor();
            cur.setTimeout(Duration.ofMillis(100));
            assertThat(Futures.failure(cur.execute("SELECT pg_sleep(10)"))).isInstanceOf(QueryTimeoutException.class);
            assertThat(c.transactionStatus()).isEqualTo(TransactionStatus.INERROR);
            c.rollback().join();
            assertThat(selectOne(c, 2)).isEqualTo(2);
        } finally {
            c.close();
        }
    }

    @Test
    void cancelFromAnotherThreadFailsTheRunningStatementWithQueryCanceled() throws Exception {
        CompletableFuture<AsyncCursor<Row>> sleeping = conn.execute("SELECT pg_sleep(10)");
        Thread.sleep(100);
        Thread other = new Thread(() -> conn.cancel().join());
        other.start();
        other.join();
        assertThat(Futures.failure(sleeping)).isInstanceOf(QueryCanceled.class)
                .isNotInstanceOf(QueryTimeoutException.class);
        assertThat(selectOne(conn, 3)).isEqualTo(3);
    }

    @Test
    void cancellingTheFutureCancelsTheStatementOnTheServer() {
        CompletableFuture<AsyncCursor<Row>> sleeping = conn.execute("SELECT pg_sleep(10)");
        long t0 = System.nanoTime();
        sleeping.cancel(true);
        // The follow-up runs once the cancelled statement is over: well before its 10 s.
        assertThat(selectOne(conn, 4)).isEqualTo(4);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(sleeping).isCancelled();
    }

    @Test
    void aCancelThatReachesTheServerBeforeTheStatementStartsIsSentAgain() throws Exception {
        // The first cancel request arrives while the statement ahead runs: the server cancels
        // that one (it cancels whatever runs), and the cancelled statement starts afterwards.
        CompletableFuture<AsyncCursor<Row>> ahead = conn.execute("SELECT pg_sleep(0.5)");
        CompletableFuture<AsyncCursor<Row>> sleeping = conn.execute("SELECT pg_sleep(10)");
        // Both are sent (pipelined) by now, and the first runs.
        Thread.sleep(150);
        long t0 = System.nanoTime();
        sleeping.cancel(true);
        // Usually cancelled in its place; on a slow machine it may have ended first.
        ahead.handle((r, e) -> null).orTimeout(30, TimeUnit.SECONDS).join();
        assertThat(selectOne(conn, 6)).isEqualTo(6);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(sleeping).isCancelled();
        assertThat(conn.isBroken()).isFalse();
    }

    @Test
    void cancelWhileIdleDoesNotHitTheNextStatement() {
        conn.cancel().join();
        assertThat(selectOne(conn, 5)).isEqualTo(5);
    }

    @Test
    void timeoutsAndCancelsAtRandomMomentsNeverDesynchroniseTheConnection() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            AsyncCursor<Row> cur = conn.cursor();
            int mode = i % 3;
            if (mode == 0) {
                cur.setTimeout(Duration.ofNanos(1 + random.nextInt(3_000_000)));
            }
            CompletableFuture<AsyncCursor<Row>> sleeping = cur.execute("SELECT pg_sleep(0.002)");
            if (mode == 1) {
                Thread.sleep(0, random.nextInt(999_999));
                sleeping.cancel(true);
            } else if (mode == 2) {
                Thread.sleep(random.nextInt(3));
                conn.cancel().join();
            }
            sleeping.handle((c, e) -> null).join();
            assertThat(selectOne(conn, i)).as("iteration %d", i).isEqualTo(i);
        }
        assertThat(conn.isBroken()).isFalse();
    }

    @Test
    void aServerThatNeverFinishesACancelledStatementGetsTheConnectionClosedAsBroken() throws Exception {
        AsyncConnection victim = AsyncConnection.connect(dsn).join();
        int pid = victim.backendPid();
        org.junit.jupiter.api.Assumptions.assumeTrue(ProcessHandle.of(pid).isPresent(), "needs a local server");
        AsyncCursor<Row> cur = victim.cursor();
        cur.setTimeout(Duration.ofMillis(100));
        CompletableFuture<AsyncCursor<Row>> stuck = cur.execute("SELECT pg_sleep(60)");
        Thread.sleep(50);
        // A stopped backend takes the cancel signal but cannot act on it: a server that hangs.
        org.junit.jupiter.api.Assumptions.assumeTrue(signal("STOP", pid) == 0, "cannot signal the backend");
        try {
            Throwable e = Futures.failure(stuck);
            assertThat(e).isInstanceOf(OperationalException.class)
                    .hasMessageContaining("did not finish a cancelled statement");
            assertThat(victim.isBroken()).isTrue();
            victim.closeFuture().orTimeout(1, TimeUnit.SECONDS).join();
        } finally {
            signal("CONT", pid);
        }
    }

    private static int signal(String name, int pid) throws Exception {
        return new ProcessBuilder("kill", "-" + name, Integer.toString(pid)).inheritIO().start().waitFor();
    }

    @Test
    void anIdleConnectionNoticesItsBackendWasTerminated() {
        AsyncConnection victim = AsyncConnection.connect(dsn).join();
        int pid = victim.backendPid();
        conn.execute("SELECT pg_terminate_backend(%s)", pid).join();
        victim.closeFuture().orTimeout(1, TimeUnit.SECONDS).join();
        assertThat(victim.isBroken()).isTrue();
        assertThat(victim.status()).isEqualTo(ConnectionStatus.BAD);
        assertThat(Futures.failure(victim.execute("SELECT 1"))).isInstanceOf(OperationalException.class)
                .hasMessageContaining("broken");
    }

    @Test
    void aPendingQueryOnATerminatedBackendFailsWithAnOperationalError() throws Exception {
        AsyncConnection victim = AsyncConnection.connect(dsn).join();
        CompletableFuture<AsyncCursor<Row>> sleeping = victim.execute("SELECT pg_sleep(10)");
        Thread.sleep(100);
        conn.execute("SELECT pg_terminate_backend(%s)", victim.backendPid()).join();
        assertThat(Futures.failure(sleeping)).isInstanceOf(AdminShutdown.class).isInstanceOf(OperationalException.class);
        victim.closeFuture().orTimeout(1, TimeUnit.SECONDS).join();
        assertThat(victim.isBroken()).isTrue();
    }
}
