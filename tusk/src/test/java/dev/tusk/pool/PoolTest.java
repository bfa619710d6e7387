package dev.tusk.pool;

import static dev.tusk.pool.PoolTesting.AUTOCOMMIT;
import static dev.tusk.pool.PoolTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.Row;
import dev.tusk.TransactionStatus;
import dev.tusk.errors.OperationalException;
import dev.tusk.errors.QueryCanceled;
import dev.tusk.errors.UndefinedTable;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking {@link Pool}: the same policy as {@link AsyncPool}, seen from threads. */
@Timeout(60)
class PoolTest extends PoolTestBase {

    PoolTest(@Dsn String dsn) {
        super(dsn);
    }

    @Test
    void openAcquireAndRelease() {
        Pool pool = blockingPool(PoolOptions.builder().minSize(2).maxSize(4));
        assertThat(pool.size()).isEqualTo(2);
        Connection conn = pool.acquire();
        assertThat(pool.freeSize()).isEqualTo(1);
        assertThat(conn.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
        conn.commit();
        pool.release(conn);
        assertThat(pool.freeSize()).isEqualTo(2);
        assertThat(pool.acquire()).isNotSameAs(conn);
        assertThat(pool.toString()).contains("Pool[", "1 in use");
    }

    @Test
    void getConnectionLendsAConnectionThatTryWithResourcesGivesBack() {
        Pool pool = blockingPool(PoolOptions.builder().minSize(1).maxSize(1));
        Connection seen;
        try (PooledConnection pc = pool.getConnection()) {
            seen = pc.connection();
            assertThat(pool.freeSize()).isZero();
            assertThat(pc.connection().execute("SELECT 2").fetchOne().get(0)).isEqualTo(2);
            pc.connection().commit();
            pc.close();
            assertThat(pool.freeSize()).isEqualTo(1);
        }
        assertThat(pool.freeSize()).isEqualTo(1);
        assertThat(seen.isClosed()).isFalse();
        assertThat(pool.stats().requests()).isEqualTo(1);
    }

    @Test
    void withConnectionCommitsWhenTheBodyReturnsAndRollsBackWhenItThrows() throws Exception {
        Pool pool = blockingPool(PoolOptions.builder().minSize(1).maxSize(1));
        pool.execute("CREATE TABLE IF NOT EXISTS pool_blocking_with (n int)");
        pool.execute("TRUNCATE pool_blocking_with");
        int n = pool.withConnection(conn -> {
            conn.execute("INSERT INTO pool_blocking_with VALUES (1)");
            return 7;
        });
        assertThat(n).isEqualTo(7);
        assertThatThrownBy(() -> pool.withConnection(conn -> {
            conn.execute("INSERT INTO pool_blocking_with VALUES (2)");
            throw new Exception("checked");
        })).hasMessage("checked");
        assertThatThrownBy(() -> pool.withConnection(conn -> conn.execute("SELECT * FROM no_such_table")))
                .isInstanceOf(UndefinedTable.class);
        assertThat(pool.execute("SELECT n FROM pool_blocking_with")).extracting(r -> r.get(0)).containsExactly(1);
        assertThat(pool.stats().badReturns()).isZero();
        assertThat(pool.freeSize()).isEqualTo(1);
    }

    @Test
    void cursorAndExecuteShortcutsRunInAutocommitAndGiveTheConnectionBack() {
        Pool pool = blockingPool(PoolOptions.builder().minSize(1).maxSize(1));
        Cursor<Row> cursor;
        try (Cursor<Row> cur = pool.cursor()) {
            cursor = cur;
            cur.execute("SELECT 1");
            assertThat(cur.fetchOne().toList()).containsExactly(1);
            assertThat(cur.connection().autocommit()).isTrue();
        }
        assertThat(cursor.isClosed()).isTrue();
        assertThat(pool.freeSize()).isEqualTo(1);
        assertThat(cursor.connection().autocommit()).isFalse();
        assertThat(pool.execute("SELECT %s::int * 2", 21).get(0).get(0)).isEqualTo(42);
        assertThat(pool.execute("SELECT 1; SELECT 2, 3").get(0).toList()).containsExactly(1);
        assertThat(pool.execute("DO $$ BEGIN END $$")).isEmpty();
    }

    @Test
    void aConnectionReturnedInATransactionIsRolledBackWithAWarning() {
        Pool pool = blockingPool(PoolOptions.builder().minSize(1).maxSize(1));
        Connection conn = pool.acquire();
        conn.execute("SELECT 1");
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
        try (LogCapture log = PoolTesting.poolLog()) {
            pool.release(conn);
            assertThat(PoolTesting.messages(log, System.Logger.Level.WARNING))
                    .anySatisfy(m -> assertThat(m).contains("INTRANS", "rolling back"));
        }
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(pool.acquire()).isSameAs(conn);
    }

    @Test
    void aConnectionReturnedWhileAnotherThreadRunsACommandIsCancelled() throws Exception {
        Pool pool = blockingPool(PoolOptions.builder().minSize(1).maxSize(1).connectOptions(AUTOCOMMIT));
        Connection conn = pool.acquire();
        CompletableFuture<Throwable> sleeper = CompletableFuture.supplyAsync(() -> {
            try {
                conn.execute("SELECT pg_sleep(30)");
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        eventually("the query runs", () -> conn.transactionStatus() == TransactionStatus.ACTIVE);
        pool.release(conn);
        assertThat(sleeper.get(10, TimeUnit.SECONDS)).isInstanceOf(QueryCanceled.class);
        Connection again = pool.acquire();
        assertThat(again).isSameAs(conn);
        assertThat(again.execute("SELECT 3").fetchOne().get(0)).isEqualTo(3);
    }

    @Test
    void anAcquireThatWaitsTooLongThrowsPoolTimeoutWithTheCallersStack() {
        Pool pool = blockingPool(PoolOptions.builder().minSize(1).maxSize(1).timeout(Duration.ofMillis(300)));
        Connection held = pool.acquire();
        long start = System.nanoTime();
        assertThatThrownBy(pool::acquire).isInstanceOf(PoolTimeout.class)
                .hasMessageContaining("within 300 ms")
                .satisfies(e -> assertThat(e.getStackTrace()).anySatisfy(
                        f -> assertThat(f.getClassName()).isEqualTo(PoolTest.class.getName())));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2300));
        pool.release(held);
        assertThat(pool.stats().errors()).isEqualTo(1);
    }

    @Test
    void anInterruptedAcquireLeavesNothingBehind() throws Exception {
        Pool pool = blockingPool(PoolOptions.builder().minSize(1).maxSize(1));
        Connection held = pool.acquire();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            waiting.countDown();
            try {
                pool.acquire();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        t.start();
        waiting.await();
        eventually("the thread waits", () -> pool.stats().waiting() == 1);
        t.interrupt();
        t.join(10_000);
        assertThat(failure.get()).isInstanceOf(OperationalException.class).hasMessageContaining("interrupted");
        assertThat(pool.stats().waiting()).isZero();
        assertThat(pool.stats().cancelled()).isEqualTo(1);
        pool.release(held);
        assertThat(pool.freeSize()).isEqualTo(1);
    }

    @Test
    void closeWaitsForTheConnectionsInUse() throws Exception {
        Pool pool = blockingPool(PoolOptions.builder().minSize(2));
        Connection conn = pool.acquire();
        CompletableFuture<Void> releaser = CompletableFuture.runAsync(() -> {
            PoolTesting.sleep(Duration.ofMillis(300));
            pool.release(conn);
        });
        long start = System.nanoTime();
        pool.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        releaser.get(10, TimeUnit.SECONDS);
        eventually("the connection is closed", conn::isClosed);
        assertThat(pool.size()).isZero();
        assertThatThrownBy(pool::acquire).isInstanceOf(PoolClosed.class);
        pool.waitClosed();
    }

    @Test
    void closeClosesConnectionsStillOutAfterTheTimeout() {
        Pool pool = blockingPool(PoolOptions.builder().minSize(1).timeout(Duration.ofMillis(300)));
        Connection leaked = pool.acquire();
        try (LogCapture log = PoolTesting.poolLog()) {
            pool.close();
            assertThat(PoolTesting.messages(log, System.Logger.Level.WARNING))
                    .anySatisfy(m -> assertThat(m).contains("closing the 1 connection(s) still in use"));
        }
        eventually("the connection is closed", leaked::isClosed);
        pool.release(leaked);
    }

    @Test
    void terminateClosesTheConnectionsInUseToo() {
        Pool pool = blockingPool(PoolOptions.builder().minSize(2));
        Connection conn = pool.acquire();
        pool.terminate();
        pool.waitClosed();
        eventually("the connection is closed", conn::isClosed);
        pool.release(conn);
    }

    @Test
    void hooksRunOnConnectOnAcquireAndOnReturn() {
        AtomicInteger configured = new AtomicInteger();
        AtomicInteger checked = new AtomicInteger();
        AtomicInteger reset = new AtomicInteger();
        Pool pool = blockingPool(PoolOptions.builder().minSize(1).maxSize(1).connectOptions(AUTOCOMMIT)
                .configure(conn -> {
                    configured.incrementAndGet();
                    conn.execute("SET application_name = 'blocking'");
                })
                .check(conn -> {
                    checked.incrementAndGet();
                    Pool.checkConnection(conn);
                })
                .reset(conn -> {
                    reset.incrementAndGet();
                    conn.execute("RESET application_name");
                }));
        Connection conn = pool.acquire();
        assertThat(conn.execute("SHOW application_name").fetchOne().get(0)).isEqualTo("blocking");
        pool.release(conn);
        conn = pool.acquire();
        assertThat(conn.execute("SHOW application_name").fetchOne().get(0)).isNotEqualTo("blocking");
        pool.release(conn);
        assertThat(configured).hasValue(1);
        assertThat(checked).hasValue(2);
        assertThat(reset).hasValue(2);
    }

    @Test
    void aPoolRefusesTheHooksOfTheOtherKind() {
        PoolOptions async = PoolOptions.builder().checkAsync(AsyncPool::checkConnection).build();
        assertThatThrownBy(() -> Pool.create(dsn, async)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AsyncPool");
        PoolOptions blocking = PoolOptions.builder().check(Pool::checkConnection).build();
        assertThatThrownBy(() -> AsyncPool.create(dsn, blocking)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blocking");
        assertThatThrownBy(() -> Pool.create("host='unterminated", PoolOptions.defaults()))
                .isInstanceOf(dev.tusk.errors.ProgrammingException.class);
    }

    @Test
    void openFailsWithPoolTimeoutWhenNoServerAnswers() {
        PoolOptions quick = PoolOptions.builder().timeout(Duration.ofMillis(500)).build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Pool.open("host=127.0.0.1 port=1 user=nobody", quick))
                .isInstanceOf(PoolTimeout.class)
                .hasMessageContaining("connecting failed")
                .hasCauseInstanceOf(OperationalException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }
}
