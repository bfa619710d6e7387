package dev.tusk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.errors.OperationalException;
import dev.tusk.errors.QueryCanceled;
import dev.tusk.errors.QueryTimeoutException;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.PostgresExtension;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CancelAndTimeoutTest {
    private final String dsn;

    CancelAndTimeoutTest(@Dsn String dsn) {
        this.dsn = dsn;
    }

    private Connection connect(boolean autocommit, Duration timeout) {
        return Connection.connect(dsn, ConnectOptions.builder().autocommit(autocommit).timeout(timeout).build());
    }

    @Test
    void aStatementPastItsTimeoutIsCancelledAndTheConnectionStaysUsable() {
        try (Connection conn = connect(true, Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> conn.execute("SELECT pg_sleep(30)"))
                    .isInstanceOf(QueryTimeoutException.class)
                    .isInstanceOf(QueryCanceled.class)
                    .isInstanceOf(OperationalException.class)
                    .hasMessageContaining("timed out after 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(conn.isBroken()).isFalse();
            assertThat(conn.execute("SELECT 42").fetchOne().get(0)).isEqualTo(42);
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        }
    }

    @Test
    void aPerCallTimeoutOverridesTheCursorTimeout() {
        try (Connection conn = connect(true, Duration.ofSeconds(30)); Cursor<Row> cur = conn.cursor()) {
            assertThatThrownBy(() -> cur.execute(Duration.ofMillis(200), "SELECT pg_sleep(%s)", 30))
                    .isInstanceOf(QueryTimeoutException.class)
                    .hasMessageContaining("200 ms");
            assertThat(cur.timeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(cur.execute(Duration.ofSeconds(5), "SELECT %(v)s::int", java.util.Map.of("v", 3))
                    .fetchOne().get(0)).isEqualTo(3);
        }
    }

    @Test
    void aTimeoutInsideATransactionLeavesItFailedAndRecoverable() {
        try (Connection conn = connect(false, null); Cursor<Row> cur = conn.cursor()) {
            cur.execute("SELECT 1");
            cur.setTimeout(Duration.ofMillis(200));
            assertThatThrownBy(() -> cur.execute("SELECT pg_sleep(%s)", 30)).isInstanceOf(QueryTimeoutException.class);
            assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INERROR);
            conn.rollback();
            assertThat(cur.execute("SELECT %s::int", 5).fetchOne().get(0)).isEqualTo(5);
        }
    }

    @Test
    void aFastStatementIsNotAffectedByItsTimeout() {
        try (Connection conn = connect(true, Duration.ofSeconds(5))) {
            for (int i = 0; i < 20; i++) {
                assertThat(conn.execute("SELECT %s::int", i).fetchOne().get(0)).isEqualTo(i);
            }
        }
    }

    @Test
    void cancelFromAnotherThreadStopsTheRunningStatement() throws Exception {
        try (Connection conn = connect(true, null)) {
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    conn.execute("SELECT pg_sleep(30)");
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            while (conn.transactionStatus() != TransactionStatus.ACTIVE) {
                Thread.sleep(10);
            }
            // A cancel that reaches the server before it starts the statement is ignored
            // (PostgreSQL's rule), so keep asking until the statement ends.
            while (!outcome.isDone()) {
                Thread.sleep(100);
                conn.cancel();
            }
            assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(QueryCanceled.class)
                    .isNotInstanceOf(QueryTimeoutException.class);
            assertThat(conn.execute("SELECT 'after'").fetchOne().get(0)).isEqualTo("after");
        }
    }

    @Test
    void cancelWhileIdleDoesNotHitTheNextStatement() {
        try (Connection conn = connect(true, null)) {
            for (int i = 0; i < 10; i++) {
                conn.cancel();
                assertThat(conn.execute("SELECT pg_sleep(0.05), %s::int", i).fetchOne().get(1)).isEqualTo(i);
            }
        }
    }

    @Test
    void timeoutsAtRandomMomentsNeverDesynchroniseTheConnection() {
        Random random = new Random(5);
        try (Connection conn = connect(true, null); Cursor<Row> cur = conn.cursor()) {
            for (int i = 0; i < 40; i++) {
                cur.setTimeout(Duration.ofMillis(1 + random.nextInt(60)));
                try {
                    cur.execute("SELECT pg_sleep(%s)", random.nextInt(80) / 1000.0);
                } catch (QueryCanceled expected) {
                    // the statement lost the race: fine
                }
                cur.setTimeout(null);
                assertThat(cur.execute("SELECT %s::int", i).fetchOne().get(0)).isEqualTo(i);
            }
            assertThat(conn.isBroken()).isFalse();
        }
    }
}
