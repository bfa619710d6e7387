package dev.tusk.pool;

import static dev.tusk.pool.PoolTesting.AUTOCOMMIT;
import static dev.tusk.pool.PoolTesting.eventually;
import static dev.tusk.pool.PoolTesting.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tusk.AsyncConnection;
import dev.tusk.AsyncCursor;
import dev.tusk.ConnectOptions;
import dev.tusk.IsolationLevel;
import dev.tusk.Row;
import dev.tusk.TransactionStatus;
import dev.tusk.errors.InterfaceException;
import dev.tusk.errors.QueryCanceled;
import dev.tusk.errors.QueryTimeoutException;
import dev.tusk.errors.ReadOnlySqlTransaction;
import dev.tusk.errors.UndefinedTable;
import dev.tusk.testing.Dsn;
import dev.tusk.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** aiopg's pool tests, and the rest of the pool's behaviour, on {@link AsyncPool}. */
@Timeout(60)
class AsyncPoolTest extends PoolTestBase {

    AsyncPoolTest(@Dsn String dsn) {
        super(dsn);
    }

    // ---- opening and sizes -----------------------------------------------------------------

    @Test
    void openWaitsForMinSizeConnectionsAndReportsTheSizes() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(5).maxSize(20));
        assertThat(pool.size()).isEqualTo(5);
        assertThat(pool.freeSize()).isEqualTo(5);
        assertThat(pool.minSize()).isEqualTo(5);
        assertThat(pool.maxSize()).isEqualTo(20);
        assertThat(pool.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(pool.stats().connectionsMade()).isEqualTo(5);
        assertThat(pool.name()).startsWith("pool-");
        assertThat(pool.toString()).contains("AsyncPool", "5 idle");

        AsyncPool defaults = AsyncPool.open(dsn).join();
        assertThat(defaults.size()).isEqualTo(1);
        assertThat(defaults.maxSize()).isEqualTo(10);
        defaults.close();
    }

    @Test
    void aPoolNotYetOpenRefusesAcquiresAndOpensOnDemand() {
        AsyncPool pool = AsyncPool.create(dsn, PoolOptions.builder().minSize(2).name("later").build());
        assertThat(pool.size()).isZero();
        assertThat(failure(pool.acquire())).isInstanceOf(PoolClosed.class).hasMessageContaining("not open yet");
        pool.open().join();
        assertThat(pool.size()).isEqualTo(2);
        pool.open().join();
        assertThat(pool.stats().connectionsMade()).isEqualTo(2);
        pool.close();
    }

    // ---- acquire and release ---------------------------------------------------------------

    @Test
    void anAcquiredConnectionWorksAndReleaseMakesItFreeAgain() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(3));
        AsyncConnection conn = pool.acquire().join();
        assertThat(pool.freeSize()).isEqualTo(2);
        assertThat(pool.stats().inUse()).isEqualTo(1);
        assertThat(conn.execute("SELECT 1").join().fetchOne().join().toList()).containsExactly(1);
        pool.release(conn).join();
        assertThat(pool.freeSize()).isEqualTo(3);
        assertThat(pool.stats().inUse()).isZero();
        assertThatThrownBy(() -> pool.release(conn)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already returned");
        AsyncConnection stranger = AsyncConnection.connect(dsn).join();
        try (stranger) {
            assertThatThrownBy(() -> pool.release(stranger)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aConnectionReturnedClosedIsReplaced() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(3));
        AsyncConnection conn = pool.acquire().join();
        conn.close();
        pool.release(conn).join();
        assertThat(pool.stats().badReturns()).isEqualTo(1);
        eventually("the pool is back to minSize", () -> pool.freeSize() == 3);
        AsyncConnection next = pool.acquire().join();
        assertThat(next).isNotSameAs(conn);
        assertThat(next.execute("SELECT 1").join().fetchOne().join().get(0)).isEqualTo(1);
    }

    @Test
    void aConnectionReturnedInATransactionIsRolledBackWithAWarning() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(1));
        pool.execute("CREATE TABLE IF NOT EXISTS pool_rollback (n int)").join();
        pool.execute("TRUNCATE pool_rollback").join();
        AsyncConnection conn = pool.acquire().join();
        conn.execute("INSERT INTO pool_rollback VALUES (1)").join();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.INTRANS);
        try (LogCapture log = PoolTesting.poolLog()) {
            pool.release(conn).join();
            assertThat(PoolTesting.messages(log, System.Logger.Level.WARNING))
                    .anySatisfy(m -> assertThat(m).contains("INTRANS", "rolling back"));
        }
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(pool.execute("SELECT count(*) FROM pool_rollback").join().get(0).get(0)).isEqualTo(0L);

        AsyncConnection again = pool.acquire().join();
        assertThat(again).isSameAs(conn);
        assertThat(failure(again.execute("SELECT * FROM no_such_table"))).isInstanceOf(UndefinedTable.class);
        assertThat(again.transactionStatus()).isEqualTo(TransactionStatus.INERROR);
        pool.release(again).join();
        assertThat(pool.execute("SELECT 2").join().get(0).get(0)).isEqualTo(2);
        assertThat(pool.stats().badReturns()).isZero();
    }

    @Test
    void aConnectionReturnedWhileACommandRunsIsCancelledAndDrained() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(1).connectOptions(AUTOCOMMIT));
        AsyncConnection conn = pool.acquire().join();
        CompletableFuture<AsyncCursor<Row>> sleeping = conn.execute("SELECT pg_sleep(30)");
        // Returned as soon as it is sent: the first cancel request may reach the server before
        // the query starts there, and be ignored; the reset must still end it.
        eventually("the query is sent", () -> conn.transactionStatus() == TransactionStatus.ACTIVE);
        long start = System.nanoTime();
        pool.release(conn).join();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(failure(sleeping)).isInstanceOf(QueryCanceled.class);
        AsyncConnection again = pool.acquire().join();
        assertThat(again).isSameAs(conn);
        assertThat(again.execute("SELECT 3").join().fetchOne().join().get(0)).isEqualTo(3);
    }

    @Test
    void aConnectionWhoseServerTurnedReadOnlyIsNotLentAgain() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(1).connectOptions(AUTOCOMMIT));
        AsyncConnection conn = pool.acquire().join();
        // What a failed-over primary looks like to the connections that stayed on it.
        conn.execute("SET default_transaction_read_only = on").join();
        assertThat(failure(conn.execute("CREATE TEMP TABLE ro (n int)"))).isInstanceOf(ReadOnlySqlTransaction.class);
        pool.release(conn).join();
        assertThat(conn.isClosed()).isTrue();
        assertThat(pool.stats().badReturns()).isEqualTo(1);
        assertThat(pool.execute("CREATE TEMP TABLE rw (n int)").join()).isEmpty();
    }

    @Test
    void aStatementTimeoutLeavesTheConnectionUsableInThePool() {
        ConnectOptions timeout = ConnectOptions.builder().timeout(Duration.ofMillis(100)).build();
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(1).connectOptions(timeout));
        AsyncConnection conn = pool.acquire().join();
        assertThat(failure(conn.execute("SELECT pg_sleep(10)"))).isInstanceOf(QueryTimeoutException.class);
        pool.release(conn).join();
        assertThat(pool.freeSize()).isEqualTo(1);
        assertThat(pool.execute("SELECT 1").join().get(0).get(0)).isEqualTo(1);
    }

    @Test
    void idleConnectionsAreHandedOutInFifoOrder() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(0).maxSize(2));
        CompletableFuture<AsyncConnection> f1 = pool.acquire();
        CompletableFuture<AsyncConnection> f2 = pool.acquire();
        AsyncConnection c1 = f1.join();
        AsyncConnection c2 = f2.join();
        assertThat(c1).isNotSameAs(c2);
        assertThat(pool.size()).isEqualTo(2);
        pool.release(c1).join();
        pool.release(c2).join();
        AsyncConnection c3 = pool.acquire().join();
        AsyncConnection c4 = pool.acquire().join();
        assertThat(c3).isSameAs(c1);
        assertThat(c4).isSameAs(c2);
    }

    @Test
    void waitingAcquiresAreServedInTheOrderTheyCame() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(1));
        AsyncConnection held = pool.acquire().join();
        List<CompletableFuture<AsyncConnection>> queue = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queue.add(pool.acquire());
        }
        assertThat(pool.stats().waiting()).isEqualTo(5);
        for (CompletableFuture<AsyncConnection> next : queue) {
            assertThat(next).isNotDone();
            pool.release(held).join();
            held = next.join();
            assertThat(queue.stream().filter(CompletableFuture::isDone).count()).isEqualTo(queue.indexOf(next) + 1);
        }
        pool.release(held).join();
        assertThat(pool.stats().queued()).isEqualTo(5);
        assertThat(pool.stats().waitTime()).isPositive();
    }

    @Test
    void minSizeZeroStartsEmptyAndGrowsOnDemand() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(0).maxSize(10));
        assertThat(pool.size()).isZero();
        pool.withConnection(conn -> {
            assertThat(pool.size()).isEqualTo(1);
            assertThat(pool.freeSize()).isZero();
            return CompletableFuture.completedFuture(null);
        }).join();
        assertThat(pool.size()).isEqualTo(1);
        assertThat(pool.freeSize()).isEqualTo(1);
        AsyncConnection c1 = pool.acquire().join();
        AsyncConnection c2 = pool.acquire().join();
        assertThat(pool.size()).isEqualTo(2);
        pool.release(c1).join();
        assertThat(pool.freeSize()).isEqualTo(1);
        pool.release(c2).join();
        assertThat(pool.freeSize()).isEqualTo(2);
    }

    @Test
    void unlimitedSizeMakesAConnectionForEveryConcurrentAcquire() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(0).maxSize(0));
        assertThat(pool.maxSize()).isZero();
        List<CompletableFuture<AsyncConnection>> acquires = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            acquires.add(pool.acquire());
        }
        Set<AsyncConnection> distinct = new HashSet<>();
        acquires.forEach(f -> distinct.add(f.join()));
        assertThat(distinct).hasSize(20);
        assertThat(pool.size()).isEqualTo(20);
        assertThat(pool.stats().errors()).isZero();
        distinct.forEach(c -> pool.release(c).join());
        assertThat(pool.freeSize()).isEqualTo(20);
    }

    // ---- timeouts and refusals -------------------------------------------------------------

    @Test
    void anAcquireThatWaitsTooLongFailsWithPoolTimeout() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(1).timeout(Duration.ofMillis(300)));
        AsyncConnection held = pool.acquire().join();
        long start = System.nanoTime();
        Throwable e = failure(pool.acquire());
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e).isInstanceOf(PoolTimeout.class).hasMessageContaining("no connection available within 300 ms");
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofMillis(2300));
        PoolStats stats = pool.stats();
        assertThat(stats.errors()).isEqualTo(1);
        assertThat(stats.queued()).isEqualTo(1);
        assertThat(stats.waiting()).isZero();
        pool.release(held).join();
        assertThat(pool.freeSize()).isEqualTo(1);
    }

    @Test
    void beyondMaxWaitingAcquiresFailAtOnceWithTooManyRequests() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(1).maxWaiting(2));
        AsyncConnection held = pool.acquire().join();
        CompletableFuture<AsyncConnection> w1 = pool.acquire();
        CompletableFuture<AsyncConnection> w2 = pool.acquire();
        assertThat(failure(pool.acquire())).isInstanceOf(TooManyRequests.class).hasMessageContaining("maxWaiting 2");
        pool.release(held).join();
        pool.release(w1.join()).join();
        pool.release(w2.join()).join();
        assertThat(pool.stats().errors()).isEqualTo(1);
    }

    @Test
    void joiningAnAcquireOnAnEventLoopThreadFailsInsteadOfHanging() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(1).connectOptions(AUTOCOMMIT));
        AsyncConnection held = pool.acquire().join();
        // Notification handlers always run on the loop thread (a continuation may run on the caller's).
        CompletableFuture<Throwable> onLoop = new CompletableFuture<>();
        held.addNotifyHandler(n -> {
            try {
                pool.acquire().join();
                onLoop.complete(null);
            } catch (RuntimeException e) {
                onLoop.complete(e);
            }
        });
        held.execute("LISTEN loop_join").join();
        held.notify("loop_join", null).join();
        assertThat(onLoop.join()).isInstanceOf(InterfaceException.class).hasMessageContaining("event loop");
        pool.release(held).join();
    }

    // ---- shortcuts -------------------------------------------------------------------------

    @Test
    void cursorIsAiopgsPoolCursorAndClosingItReturnsTheConnection() {
        AsyncPool pool = asyncPool(PoolOptions.builder());
        AsyncCursor<Row> cursor;
        try (AsyncCursor<Row> cur = pool.cursor().join()) {
            cursor = cur;
            assertThat(pool.freeSize()).isZero();
            cur.execute("SELECT 1").join();
            assertThat(cur.fetchOne().join().toList()).containsExactly(1);
            assertThat(cur.connection().autocommit()).isTrue();
        }
        assertThat(cursor.isClosed()).isTrue();
        eventually("the connection is back", () -> pool.freeSize() == 1);
        assertThat(cursor.connection().autocommit()).isFalse();
        cursor.close();
        assertThat(pool.stats().badReturns()).isZero();
    }

    @Test
    void executeReturnsTheRowsAndCommits() {
        AsyncPool pool = asyncPool(PoolOptions.builder());
        assertThat(pool.execute("SELECT %s::int + 1, %s::text", 41, "x").join().get(0).toList())
                .containsExactly(42, "x");
        assertThat(pool.execute("CREATE TEMP TABLE IF NOT EXISTS t (n int); INSERT INTO t VALUES (1)").join())
                .isEmpty();
        assertThat(pool.execute("SELECT count(*) FROM t").join().get(0).get(0)).isEqualTo(1L);
        assertThat(pool.freeSize()).isEqualTo(1);
    }

    @Test
    void withConnectionCommitsWhenTheStageSucceedsAndRollsBackWhenItFails() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(1));
        pool.execute("CREATE TABLE IF NOT EXISTS pool_with (n int)").join();
        pool.execute("TRUNCATE pool_with").join();
        int n = pool.withConnection(conn -> conn.execute("INSERT INTO pool_with VALUES (1)").thenApply(c -> 7)).join();
        assertThat(n).isEqualTo(7);
        Throwable e = failure(pool.withConnection(conn -> conn.execute("INSERT INTO pool_with VALUES (2)")
                .thenCompose(c -> conn.execute("SELECT * FROM no_such_table"))));
        assertThat(e).isInstanceOf(UndefinedTable.class);
        Throwable thrown = failure(pool.withConnection(conn -> {
            throw new IllegalStateException("boom");
        }));
        assertThat(thrown).hasMessage("boom");
        assertThat(pool.execute("SELECT n FROM pool_with").join()).extracting(r -> r.get(0)).containsExactly(1);
        assertThat(pool.freeSize()).isEqualTo(1);
        assertThat(pool.stats().badReturns()).isZero();
    }

    // ---- closing ---------------------------------------------------------------------------

    @Test
    void closeWaitsForTheConnectionsInUseAndAcquiresFailAfterIt() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(3));
        AsyncConnection c1 = pool.acquire().join();
        AsyncConnection c2 = pool.acquire().join();
        assertThatThrownBy(pool::waitClosed).isInstanceOf(IllegalStateException.class);
        pool.close();
        assertThat(pool.isClosed()).isTrue();
        assertThat(failure(pool.acquire())).isInstanceOf(PoolClosed.class).hasMessageContaining("is closed");
        assertThat(pool.freeSize()).isZero();
        CompletableFuture<Void> closed = pool.waitClosed();
        PoolTesting.sleep(Duration.ofMillis(200));
        assertThat(closed).isNotDone();
        assertThat(c1.isClosed()).isFalse();
        pool.release(c1).join();
        assertThat(c1.isClosed()).isTrue();
        assertThat(closed).isNotDone();
        pool.release(c2).join();
        closed.join();
        assertThat(pool.size()).isZero();
        assertThat(pool.stats().errors()).isEqualTo(1);
    }

    @Test
    void closeFailsTheWaitingAcquires() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(1));
        AsyncConnection held = pool.acquire().join();
        CompletableFuture<AsyncConnection> waiting = pool.acquire();
        pool.close();
        assertThat(failure(waiting)).isInstanceOf(PoolClosed.class);
        pool.release(held).join();
        pool.waitClosed().join();
    }

    @Test
    void terminateClosesTheConnectionsInUseToo() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(2));
        AsyncConnection conn = pool.acquire().join();
        pool.terminate();
        pool.waitClosed().join();
        assertThat(conn.isClosed()).isTrue();
        pool.release(conn).join();
        assertThat(pool.size()).isZero();
    }

    // ---- lifetime, idle time, sizes --------------------------------------------------------

    @Test
    void maxLifetimeReplacesOldConnectionsIdleOrReturned() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(2).maxSize(2).maxLifetime(Duration.ofMillis(600)));
        AsyncConnection out = pool.acquire().join();
        AsyncConnection idle = pool.acquire().join();
        pool.release(idle).join();
        eventually("the idle connection expires", idle::isClosed);
        assertThat(out.isClosed()).isFalse();
        PoolTesting.sleep(Duration.ofMillis(600));
        pool.release(out).join();
        assertThat(out.isClosed()).isTrue();
        eventually("two new connections", () -> pool.freeSize() == 2);
        assertThat(pool.stats().connectionsClosed()).isGreaterThanOrEqualTo(2);
        assertThat(pool.execute("SELECT 1").join()).hasSize(1);
    }

    @Test
    void maxIdleShrinksThePoolBackToMinSize() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(5).maxIdle(Duration.ofMillis(300)));
        List<AsyncConnection> conns = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            conns.add(pool.acquire().join());
        }
        assertThat(pool.size()).isEqualTo(5);
        conns.forEach(c -> pool.release(c).join());
        eventually("the pool shrinks to minSize", () -> pool.size() == 1);
        PoolTesting.sleep(Duration.ofMillis(600));
        assertThat(pool.size()).isEqualTo(1);
        assertThat(pool.stats().connectionsClosed()).isEqualTo(4);
    }

    @Test
    void resizeGrowsAndShrinksAndDrainReplacesEveryConnection() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(2));
        pool.resize(3, 4);
        pool.fill().join();
        assertThat(pool.size()).isEqualTo(3);
        assertThat(pool.minSize()).isEqualTo(3);
        assertThat(pool.maxSize()).isEqualTo(4);
        AsyncConnection out = pool.acquire().join();
        pool.resize(1, 1);
        assertThat(pool.size()).isEqualTo(1);
        pool.release(out).join();
        assertThat(out.isClosed()).isFalse();
        assertThat(pool.size()).isEqualTo(1);
        assertThatThrownBy(() -> pool.resize(3, 2)).isInstanceOf(IllegalArgumentException.class);

        AsyncConnection before = pool.acquire().join();
        pool.drain();
        pool.release(before).join();
        assertThat(before.isClosed()).isTrue();
        AsyncConnection after = pool.acquire().join();
        assertThat(after).isNotSameAs(before);
        pool.release(after).join();
    }

    @Test
    void clearClosesTheIdleConnectionsAndNewOnesAreMadeOnDemand() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(3));
        pool.clear();
        assertThat(pool.freeSize()).isZero();
        assertThat(pool.stats().connectionsClosed()).isEqualTo(3);
        assertThat(pool.execute("SELECT 1").join()).hasSize(1);
        eventually("the pool is back to minSize", () -> pool.size() == 3);
    }

    // ---- hooks -----------------------------------------------------------------------------

    @Test
    void configureAsyncRunsOnEveryNewConnectionLikeAiopgsOnConnect() {
        AtomicInteger configured = new AtomicInteger();
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(2).maxSize(3).configureAsync(conn -> {
            configured.incrementAndGet();
            return conn.execute("SET application_name = 'configured'");
        }).connectOptions(AUTOCOMMIT));
        assertThat(configured).hasValue(2);
        List<AsyncConnection> conns = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            conns.add(pool.acquire().join());
        }
        assertThat(configured).hasValue(3);
        for (AsyncConnection c : conns) {
            assertThat(c.execute("SHOW application_name").join().fetchOne().join().get(0)).isEqualTo("configured");
            pool.release(c).join();
        }
    }

    @Test
    void aFailingConfigureHookFailsTheConnectionAttempts() {
        PoolOptions options = PoolOptions.builder().timeout(Duration.ofMillis(500))
                .reconnectBackoff(new dev.tusk.Listener.Backoff(Duration.ofMillis(20), Duration.ofMillis(50), 0))
                .configureAsync(conn -> conn.execute("SELECT * FROM no_such_table")).build();
        Throwable e = failure(AsyncPool.open(dsn, options));
        assertThat(e).isInstanceOf(PoolTimeout.class).hasMessageContaining("0 of minSize 1")
                .hasCauseInstanceOf(UndefinedTable.class);

        PoolOptions leavesTransaction = PoolOptions.builder().timeout(Duration.ofMillis(300))
                .configureAsync(conn -> conn.execute("SELECT 1")).build();
        assertThat(failure(AsyncPool.open(dsn, leavesTransaction)).getCause()).hasMessageContaining("INTRANS");
    }

    @Test
    void resetRunsOnEveryReturnAndTheTransactionSettingsGoBackToThePools() {
        AtomicInteger resets = new AtomicInteger();
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(1).resetAsync(conn -> {
            resets.incrementAndGet();
            return conn.execute("RESET ALL");
        }).connectOptions(AUTOCOMMIT));
        AsyncConnection conn = pool.acquire().join();
        conn.execute("SET search_path TO nowhere").join();
        conn.setAutocommit(false);
        conn.setIsolationLevel(IsolationLevel.SERIALIZABLE);
        conn.setReadOnly(true);
        pool.release(conn).join();
        assertThat(resets).hasValue(1);
        AsyncConnection again = pool.acquire().join();
        assertThat(again).isSameAs(conn);
        assertThat(again.autocommit()).isTrue();
        assertThat(again.isolationLevel()).isNull();
        assertThat(again.readOnly()).isNull();
        assertThat(again.execute("SHOW search_path").join().fetchOne().join().get(0)).isNotEqualTo("nowhere");
        pool.release(again).join();

        AsyncPool failing = asyncPool(PoolOptions.builder().minSize(1).maxSize(1)
                .resetAsync(c -> CompletableFuture.failedFuture(new IllegalStateException("no reset"))));
        AsyncConnection doomed = failing.acquire().join();
        failing.release(doomed).join();
        assertThat(doomed.isClosed()).isTrue();
        assertThat(failing.stats().badReturns()).isEqualTo(1);
        assertThat(failing.execute("SELECT 1").join()).hasSize(1);
    }

    @Test
    void aConnectionThatFailsTheCheckIsReplacedBeforeItIsHandedOut() {
        AtomicInteger checks = new AtomicInteger();
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(2).maxSize(2).checkAsync(conn -> {
            if (checks.incrementAndGet() == 1) {
                return CompletableFuture.failedFuture(new IllegalStateException("bad"));
            }
            return AsyncPool.checkConnection(conn);
        }));
        AsyncConnection conn = pool.acquire().join();
        assertThat(conn.transactionStatus()).isEqualTo(TransactionStatus.IDLE);
        assertThat(conn.autocommit()).isFalse();
        assertThat(checks).hasValue(2);
        assertThat(pool.stats().connectionsLost()).isEqualTo(1);
        assertThat(conn.execute("SELECT 1").join().fetchOne().join().get(0)).isEqualTo(1);
        pool.release(conn).join();
    }

    // ---- leaks -----------------------------------------------------------------------------

    @Test
    void aConnectionHeldTooLongIsLoggedWithTheAcquirersStackTrace() {
        AsyncPool pool = asyncPool(PoolOptions.builder().leakDetectionThreshold(Duration.ofMillis(200)));
        try (LogCapture log = PoolTesting.poolLog()) {
            AsyncConnection leaked = leakyCaller(pool);
            eventually("the leak is reported", () -> !PoolTesting.messages(log, System.Logger.Level.WARNING).isEmpty());
            LogCapture.Entry report = log.entries().stream()
                    .filter(e -> e.level() == System.Logger.Level.WARNING).findFirst().orElseThrow();
            assertThat(report.message()).contains("leakDetectionThreshold (200 ms)");
            assertThat(report.thrown().getStackTrace()).anySatisfy(
                    frame -> assertThat(frame.getMethodName()).isEqualTo("leakyCaller"));
            pool.release(leaked).join();
            assertThat(PoolTesting.messages(log, System.Logger.Level.INFO))
                    .anySatisfy(m -> assertThat(m).contains("reported as leaked came back"));
            assertThat(PoolTesting.messages(log, System.Logger.Level.WARNING)).hasSize(1);
        }
    }

    private static AsyncConnection leakyCaller(AsyncPool pool) {
        return pool.acquire().join();
    }
}
