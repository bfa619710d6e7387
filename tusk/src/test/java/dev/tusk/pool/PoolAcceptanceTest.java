package dev.tusk.pool;

import static dev.tusk.pool.PoolTesting.AUTOCOMMIT;
import static dev.tusk.pool.PoolTesting.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tusk.AsyncConnection;
import dev.tusk.AsyncCursor;
import dev.tusk.Connection;
import dev.tusk.testing.Dsn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7's acceptance 1, 2 and 4, for both pools; 3 (a server restart) is
 * {@link PoolServerRestartTest}.
 */
@Timeout(120)
class PoolAcceptanceTest extends PoolTestBase {
    private static final int TASKS = 1000;
    private static final int MAX = 8;

    PoolAcceptanceTest(@Dsn String dsn) {
        super(dsn);
    }

    // ---- 1: a thousand concurrent tasks on maxSize 8 ---------------------------------------

    @Test
    void aThousandConcurrentTasksShareEightAsyncConnections() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(MAX).connectOptions(AUTOCOMMIT));
        Concurrency inUse = new Concurrency();
        try (SizeWatch watch = new SizeWatch(pool::size)) {
            long start = System.nanoTime();
            List<CompletableFuture<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                int n = i;
                tasks.add(pool.withConnection(conn -> {
                    inUse.enter();
                    return conn.execute("SELECT %s::int", n).thenCompose(AsyncCursor::fetchOne)
                            .thenApply(row -> {
                                inUse.leave();
                                return (Integer) row.get(0);
                            });
                }));
            }
            for (int i = 0; i < TASKS; i++) {
                assertThat(tasks.get(i).join()).isEqualTo(i);
            }
            report("AsyncPool", start);
            assertThat(watch.peak()).isLessThanOrEqualTo(MAX);
        }
        assertThat(inUse.peak()).isLessThanOrEqualTo(MAX).isGreaterThan(1);
        assertStatsAddUp(pool.stats(), TASKS);
    }

    @Test
    void aThousandConcurrentThreadsShareEightBlockingConnections() throws Exception {
        Pool pool = blockingPool(PoolOptions.builder().minSize(1).maxSize(MAX).connectOptions(AUTOCOMMIT));
        Concurrency inUse = new Concurrency();
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            int n = i;
            CompletableFuture<Integer> result = new CompletableFuture<>();
            results.add(result);
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    result.complete(pool.withConnection(conn -> {
                        inUse.enter();
                        try {
                            return (Integer) conn.execute("SELECT %s::int", n).fetchOne().get(0);
                        } finally {
                            inUse.leave();
                        }
                    }));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "task-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try (SizeWatch watch = new SizeWatch(pool::size)) {
            long start = System.nanoTime();
            go.countDown();
            for (int i = 0; i < TASKS; i++) {
                assertThat(results.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i);
            }
            report("Pool", start);
            assertThat(watch.peak()).isLessThanOrEqualTo(MAX);
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(inUse.peak()).isLessThanOrEqualTo(MAX).isGreaterThan(1);
        assertStatsAddUp(pool.stats(), TASKS);
    }

    private static void assertStatsAddUp(PoolStats s, int tasks) {
        assertThat(s.requests()).isEqualTo(tasks);
        assertThat(s.errors()).isZero();
        assertThat(s.cancelled()).isZero();
        assertThat(s.queued()).isPositive().isLessThanOrEqualTo(tasks);
        assertThat(s.waitTime()).isPositive();
        assertThat(s.usageTime()).isPositive();
        assertThat(s.inUse()).isZero();
        assertThat(s.waiting()).isZero();
        assertThat(s.size()).isBetween(1, MAX);
        assertThat(s.available()).isEqualTo(s.size());
        assertThat(s.connectionsMade() - s.connectionsClosed()).isEqualTo(s.size());
        assertThat(s.badReturns()).isZero();
        assertThat(s.connectionsFailed()).isZero();
    }

    private static void report(String what, long start) {
        System.out.println(what + ": " + TASKS + " tasks on maxSize " + MAX + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
    }

    // ---- 2: cancelling a thousand acquires at random moments -------------------------------

    @Test
    void aThousandAcquiresCancelledAtRandomMomentsLoseNoConnection() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(1).maxSize(4).connectOptions(AUTOCOMMIT));
        ScheduledExecutorService canceller = Executors.newScheduledThreadPool(2);
        AtomicInteger served = new AtomicInteger();
        List<CompletableFuture<?>> work = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * TASKS; i++) {
                CompletableFuture<AsyncConnection> acquire = pool.acquire();
                if (i % 2 == 0) {
                    long delay = ThreadLocalRandom.current().nextLong(0, 3000);
                    canceller.schedule(() -> acquire.cancel(false), delay, TimeUnit.MICROSECONDS);
                }
                work.add(acquire.thenCompose(conn -> {
                    served.incrementAndGet();
                    return conn.execute("SELECT pg_sleep(0.0005)").whenComplete((cur, e) -> pool.release(conn));
                }).exceptionally(e -> null));
            }
            work.forEach(CompletableFuture::join);
        } finally {
            canceller.shutdownNow();
        }
        eventually("every connection is back", () -> pool.stats().inUse() == 0);
        PoolStats s = pool.stats();
        System.out.println("AsyncPool, cancelled acquires: " + s);
        assertThat(s.cancelled()).isPositive();
        assertThat(s.requests()).isEqualTo(2L * TASKS);
        assertThat(s.requests()).isEqualTo(served.get() + s.cancelled() + s.errors());
        assertThat(s.errors()).isZero();
        assertThat(s.waiting()).isZero();
        assertThat(s.size()).isLessThanOrEqualTo(4);
        assertThat(s.badReturns()).isZero();
        assertEveryConnectionWorks(pool);
    }

    @Test
    void aThousandBlockingAcquiresInterruptedAtRandomMomentsLoseNoConnection() throws Exception {
        Pool pool = blockingPool(PoolOptions.builder().minSize(1).maxSize(4).connectOptions(AUTOCOMMIT));
        AtomicInteger served = new AtomicInteger();
        AtomicInteger interruptedOut = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<InterruptibleAcquire> acquires = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            InterruptibleAcquire a = new InterruptibleAcquire(pool, go, served, interruptedOut);
            acquires.add(a);
            a.thread.start();
        }
        go.countDown();
        Collections.shuffle(acquires);
        for (InterruptibleAcquire a : acquires) {
            if (ThreadLocalRandom.current().nextInt(8) == 0) {
                Thread.sleep(1);
            }
            a.interruptIfWaiting();
        }
        for (InterruptibleAcquire a : acquires) {
            a.thread.join(30_000);
            assertThat(a.thread.isAlive()).isFalse();
        }
        PoolStats s = pool.stats();
        System.out.println("Pool, interrupted acquires: " + s);
        assertThat(s.requests()).isEqualTo(TASKS);
        // An acquire interrupted just as its connection came gives the connection back: not cancelled.
        assertThat(s.requests()).isEqualTo(served.get() + interruptedOut.get());
        assertThat(s.cancelled()).isLessThanOrEqualTo(interruptedOut.get()).isPositive();
        assertThat(s.errors()).isZero();
        assertThat(s.inUse()).isZero();
        assertThat(s.waiting()).isZero();
        assertThat(s.size()).isLessThanOrEqualTo(4);
        assertThat(s.badReturns()).isZero();
        assertEveryConnectionWorks(pool);
    }

    /** A thread that acquires once, interrupted only while it waits for the pool. */
    private static final class InterruptibleAcquire {
        final Thread thread;
        private boolean waiting;

        InterruptibleAcquire(Pool pool, CountDownLatch go, AtomicInteger served, AtomicInteger interruptedOut) {
            thread = new Thread(() -> {
                Connection conn;
                try {
                    go.await();
                    synchronized (this) {
                        waiting = true;
                    }
                    conn = pool.acquire();
                } catch (InterruptedException | dev.tusk.errors.OperationalException e) {
                    interruptedOut.incrementAndGet();
                    return;
                } finally {
                    synchronized (this) {
                        waiting = false;
                    }
                }
                // An interrupt that came after the connection did must not break its I/O.
                Thread.interrupted();
                served.incrementAndGet();
                try {
                    conn.execute("SELECT pg_sleep(0.002)");
                } finally {
                    pool.release(conn);
                }
            });
            thread.setDaemon(true);
        }

        synchronized void interruptIfWaiting() {
            if (waiting) {
                thread.interrupt();
            }
        }
    }

    // ---- 4: backends terminated while idle -------------------------------------------------

    @Test
    void afterPgTerminateBackendOnEveryIdleAsyncConnectionTheNextHundredAcquiresWork() {
        AsyncPool pool = asyncPool(PoolOptions.builder().minSize(4).maxSize(4).connectOptions(AUTOCOMMIT));
        Set<Integer> before = pids(pool.size(), () -> pool.acquire().join(), pool::release);
        PoolTesting.terminateBackends(dsn, before);
        // The event loop reads idle connections: the pool hears of each loss as it happens.
        eventually("the pool notices", () -> pool.stats().connectionsLost() == 4);
        List<CompletableFuture<Integer>> acquires = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            acquires.add(pool.withConnection(conn -> conn.execute("SELECT pg_backend_pid()")
                    .thenCompose(AsyncCursor::fetchOne).thenApply(r -> (Integer) r.get(0))));
        }
        Set<Integer> after = new HashSet<>();
        acquires.forEach(f -> after.add(f.join()));
        assertThat(after).doesNotContainAnyElementsOf(before);
        assertThat(pool.stats().errors()).isZero();
    }

    @Test
    void afterPgTerminateBackendOnEveryIdleBlockingConnectionTheNextHundredAcquiresWork() {
        Pool pool = blockingPool(PoolOptions.builder().minSize(4).maxSize(4).connectOptions(AUTOCOMMIT));
        Set<Integer> before = pids(pool.size(), pool::acquire, pool::release);
        PoolTesting.terminateBackends(dsn, before);
        Set<Integer> after = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            after.add(pool.withConnection(conn -> (Integer) conn.execute("SELECT pg_backend_pid()").fetchOne().get(0)));
        }
        assertThat(after).doesNotContainAnyElementsOf(before);
        assertThat(pool.stats().connectionsLost()).isEqualTo(4);
        assertThat(pool.stats().errors()).isZero();
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** The backend pids of {@code n} connections, all taken out at once and given back. */
    private static <C extends dev.tusk.BaseConnection> Set<Integer> pids(int n, java.util.function.Supplier<C> acquire,
                                                                      java.util.function.Consumer<C> release) {
        List<C> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            conns.add(acquire.get());
        }
        Set<Integer> pids = new HashSet<>();
        conns.forEach(c -> pids.add(c.backendPid()));
        conns.forEach(release);
        assertThat(pids).hasSize(n);
        return pids;
    }

    /** Takes every connection of the pool out at once and runs a query on each. */
    private static void assertEveryConnectionWorks(AsyncPool pool) {
        int n = pool.size();
        List<AsyncConnection> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            conns.add(pool.acquire().join());
        }
        for (AsyncConnection c : conns) {
            assertThat(c.execute("SELECT 1").join().fetchOne().join().get(0)).isEqualTo(1);
        }
        conns.forEach(c -> pool.release(c).join());
        assertThat(pool.size()).isEqualTo(n);
    }

    private static void assertEveryConnectionWorks(Pool pool) {
        int n = pool.size();
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            conns.add(pool.acquire());
        }
        for (Connection c : conns) {
            assertThat(c.execute("SELECT 1").fetchOne().get(0)).isEqualTo(1);
        }
        conns.forEach(pool::release);
        assertThat(pool.size()).isEqualTo(n);
    }

    /** Counts the tasks holding a connection, and the most at once. */
    private static final class Concurrency {
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();

        void enter() {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
        }

        void leave() {
            now.decrementAndGet();
        }

        int peak() {
            return peak.get();
        }
    }

    /** Samples a pool's size on a thread of its own while open; remembers the largest. */
    private static final class SizeWatch implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Set<Integer> seen = ConcurrentHashMap.newKeySet();
        private final Thread thread;

        SizeWatch(IntSupplier size) {
            thread = new Thread(() -> {
                while (running.get()) {
                    seen.add(size.getAsInt());
                    PoolTesting.sleep(Duration.ofMillis(1));
                }
            }, "size-watch");
            thread.setDaemon(true);
            thread.start();
        }

        int peak() {
            return seen.stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        @Override
        public void close() {
            running.set(false);
        }
    }
}
