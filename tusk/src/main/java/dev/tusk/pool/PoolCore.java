package dev.tusk.pool;

import dev.tusk.BaseConnection;
import dev.tusk.TuskFuture;
import dev.tusk.errors.OperationalException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The policy of a pool, for either kind of connection: the idle queue, the waiting acquires,
 * sizing, connecting with back-off, returns, expiry, leak detection and the counters. See
 * the package documentation for the concurrency design: one lock guards the state, held for
 * bookkeeping only; connecting, checking, resetting, closing and completing futures happen
 * after it is released, deciding under it who gets what.
 *
 * @param <C> the connection type
 */
final class PoolCore<C extends BaseConnection> {
    private static final System.Logger LOG = System.getLogger("dev.tusk.pool");
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration SHORTEST_SWEEP = Duration.ofMillis(20);
    private static final Duration LONGEST_SWEEP = Duration.ofSeconds(1);
    /** Lifetimes are cut by up to this fraction at random, so that connections made together don't expire together. */
    private static final double LIFETIME_JITTER = 0.05;

    private enum Phase { NEW, OPEN, CLOSED }

    /** Why a connection leaves the pool, for the counters. */
    private enum Exit { LOST, BAD_RETURN, RETIRED }

    /** A connection held past the leak threshold. */
    private record Leak(long heldMillis, Throwable acquiredAt) {
    }

    private final String name;
    private final PoolOptions options;
    private final Connector<C> connector;
    private final Resetter<C> resetter;
    private final Runnable reconnectFailed;
    private final ReentrantLock lock = new ReentrantLock();
    private final TuskFuture<Void> closed = new TuskFuture<>();
    // Guarded by lock.
    private final ArrayDeque<Slot<C>> idle = new ArrayDeque<>();
    private final ArrayDeque<Acquisition<C>> waiters = new ArrayDeque<>();
    private final Map<C, Slot<C>> slots = new IdentityHashMap<>();
    private final Set<ConnectAttempt> attempts = new HashSet<>();
    private final List<TuskFuture<Void>> fills = new ArrayList<>();
    private final Counters counters = new Counters();
    private int minSize;
    private int maxSize;
    private int generation;
    private Throwable lastConnectError;
    private ScheduledFuture<?> sweeper;
    // Written under lock, read without it by isClosed().
    private volatile Phase phase = Phase.NEW;

    /**
     * @param reconnectFailed calls the user's callback with the pool
     */
    PoolCore(PoolOptions options, Connector<C> connector, Runnable reconnectFailed) {
        this.options = options;
        this.reconnectFailed = reconnectFailed;
        this.name = options.name() != null ? options.name() : "pool-" + NAMES.incrementAndGet();
        this.connector = connector;
        this.resetter = new Resetter<>(connector, options.connectOptions(), name);
        this.minSize = options.minSize();
        this.maxSize = options.maxSize();
    }

    // ---- opening and filling ---------------------------------------------------------------

    /** Opens the pool (once) and starts making {@code minSize} connections; see {@link #fill()}. */
    CompletableFuture<Void> open() {
        List<ConnectAttempt> start = List.of();
        lock.lock();
        try {
            if (phase == Phase.CLOSED) {
                return Futures.failed(closedError());
            }
            if (phase == Phase.NEW) {
                phase = Phase.OPEN;
                sweeper = PoolTimer.every(sweepPeriod(), this::sweep);
                start = growth();
            }
        } finally {
            lock.unlock();
        }
        startAll(start);
        return fill();
    }

    /** Completes once {@code minSize} connections are open; fails with {@link PoolTimeout} after the timeout. */
    CompletableFuture<Void> fill() {
        TuskFuture<Void> f = new TuskFuture<>();
        List<ConnectAttempt> start = List.of();
        RuntimeException refusal = null;
        boolean waiting = false;
        lock.lock();
        try {
            if (phase != Phase.OPEN) {
                refusal = closedError();
            } else if (slots.size() < minSize) {
                fills.add(f);
                waiting = true;
                start = growth();
            }
        } finally {
            lock.unlock();
        }
        startAll(start);
        if (refusal != null) {
            f.completeExceptionally(refusal);
        } else if (!waiting) {
            f.complete(null);
        } else {
            ScheduledFuture<?> timer = PoolTimer.after(options.timeout(), () -> f.completeExceptionally(fillTimeout()));
            f.whenComplete((v, e) -> {
                timer.cancel(false);
                underLock(() -> fills.remove(f));
            });
        }
        return f;
    }

    /** Under lock: the fill requests that {@code minSize} open connections satisfy, taken out. */
    private List<TuskFuture<Void>> readyFills() {
        if (slots.size() < minSize || fills.isEmpty()) {
            return List.of();
        }
        List<TuskFuture<Void>> ready = new ArrayList<>(fills);
        fills.clear();
        return ready;
    }

    // ---- acquiring -------------------------------------------------------------------------

    /** An acquire: a connection at once when one is idle, else a place in the queue. */
    CompletableFuture<C> acquire() {
        Acquisition<C> a = new Acquisition<>(options.leakDetectionThreshold() == null ? null
                : new Throwable("connection acquired by thread " + Thread.currentThread().getName()));
        request(a, false);
        a.future.whenComplete((conn, failure) -> finished(a, failure));
        if (!a.future.isDone()) {
            a.timer = PoolTimer.after(options.timeout(), () -> a.future.completeExceptionally(timeoutError()));
            if (a.future.isDone()) {
                a.timer.cancel(false);
            }
        }
        return a.future;
    }

    /**
     * Serves {@code a} from the idle queue, or queues it: at the tail for a new acquire, at
     * the head for one whose connection turned out dead, which keeps its turn.
     */
    private void request(Acquisition<C> a, boolean retry) {
        Slot<C> slot = null;
        RuntimeException refusal = null;
        List<ConnectAttempt> start = List.of();
        lock.lock();
        try {
            if (!retry) {
                counters.requests++;
            }
            if (a.future.isDone()) {
                return;
            }
            if (phase != Phase.OPEN) {
                refusal = closedError();
            } else if ((retry || waiters.isEmpty()) && (slot = idle.pollFirst()) != null) {
                slot.state = Slot.State.RESERVED;
            } else if (!retry && options.maxWaiting() > 0 && waiters.size() >= options.maxWaiting()) {
                refusal = new TooManyRequests("pool '" + name + "': " + waiters.size()
                        + " acquires already waiting (maxWaiting " + options.maxWaiting() + ")");
            } else {
                if (retry) {
                    waiters.addFirst(a);
                } else {
                    waiters.addLast(a);
                }
                if (a.queuedAt < 0) {
                    a.queuedAt = System.nanoTime();
                    counters.queued++;
                }
                start = growth();
            }
        } finally {
            lock.unlock();
        }
        if (refusal != null) {
            a.future.completeExceptionally(refusal);
        } else if (slot != null) {
            give(a, slot, true);
        }
        startAll(start);
    }

    /** Bookkeeping once an acquire ended, however it ended. */
    private void finished(Acquisition<C> a, Throwable failure) {
        ScheduledFuture<?> timer = a.timer;
        if (timer != null) {
            timer.cancel(false);
        }
        Throwable cause = failure == null ? null : Futures.unwrap(failure);
        underLock(() -> {
            if (cause != null) {
                waiters.remove(a);
            }
            if (a.queuedAt >= 0) {
                counters.waitNanos += System.nanoTime() - a.queuedAt;
            }
            if (cause instanceof CancellationException) {
                counters.cancelled++;
            } else if (cause != null) {
                counters.errors++;
            }
        });
    }

    /**
     * Hands a reserved connection to {@code a} once it proved alive: a dead one is replaced
     * and {@code a} tries again. The check hook runs on connections that sat in the idle
     * queue; one just returned or just made has proved itself already.
     */
    private void give(Acquisition<C> a, Slot<C> slot, boolean fromIdle) {
        if (!connector.isUsable(slot.conn)) {
            drop(slot, Exit.LOST, "found closed", false);
            request(a, true);
            return;
        }
        if (!fromIdle || !connector.hasCheck()) {
            hand(a, slot);
            return;
        }
        PoolTimer.within(connector.check(slot.conn), options.timeout(),
                () -> new OperationalException("the check hook took longer than the pool's timeout"), v -> { })
                .whenComplete((v, failure) -> {
                    if (failure == null) {
                        hand(a, slot);
                    } else {
                        drop(slot, Exit.LOST, "that failed the check: " + Futures.unwrap(failure), false);
                        request(a, true);
                    }
                });
    }

    /** Completes {@code a} with the connection; if {@code a} ended meanwhile, the connection goes to the next one. */
    private void hand(Acquisition<C> a, Slot<C> slot) {
        RuntimeException refusal = null;
        lock.lock();
        try {
            if (phase != Phase.OPEN || slot.state != Slot.State.RESERVED) {
                refusal = closedError();
            } else {
                slot.state = Slot.State.OUT;
                slot.outSince = System.nanoTime();
                slot.acquiredAt = a.trace;
                slot.leakReported = false;
            }
        } finally {
            lock.unlock();
        }
        if (refusal != null) {
            a.future.completeExceptionally(refusal);
            drop(slot, Exit.RETIRED, null, false);
            return;
        }
        Handoffs.run(() -> {
            if (!a.future.complete(slot.conn)) {
                putBack(slot);
            }
        });
    }

    /** A connection handed to an acquire that was cancelled or timed out at that moment: unused, it goes on. */
    private void putBack(Slot<C> slot) {
        boolean ours = locked(() -> {
            if (slot.state != Slot.State.OUT) {
                return false;
            }
            slot.state = Slot.State.RESERVED;
            slot.acquiredAt = null;
            return true;
        });
        if (ours) {
            makeAvailable(slot);
        }
    }

    // ---- returning -------------------------------------------------------------------------

    /** Takes a connection back: reset, then to the next waiter or the idle queue, or closed. */
    CompletableFuture<Void> release(C conn) {
        Objects.requireNonNull(conn, "conn");
        Slot<C> slot;
        boolean leaked;
        long held;
        lock.lock();
        try {
            slot = slots.get(conn);
            if (slot == null) {
                if (phase == Phase.CLOSED) {
                    // terminate() closed it already; returning it afterwards is fine (aiopg).
                    return Futures.done();
                }
                throw new IllegalArgumentException("not a connection of pool '" + name + "'");
            }
            if (slot.state != Slot.State.OUT) {
                throw new IllegalStateException("connection already returned to pool '" + name + "'");
            }
            slot.state = Slot.State.RETURNING;
            held = System.nanoTime() - slot.outSince;
            counters.usageNanos += held;
            leaked = slot.leakReported;
            slot.acquiredAt = null;
        } finally {
            lock.unlock();
        }
        if (leaked) {
            LOG.log(System.Logger.Level.INFO, "pool '" + name + "': the connection reported as leaked came back after "
                    + held / 1_000_000 + " ms");
        }
        TuskFuture<Void> done = new TuskFuture<>();
        String unfit = slot.unfit.reason();
        if (unfit != null) {
            drop(slot, Exit.BAD_RETURN, "whose server refused it (" + unfit + ")", false);
            done.complete(null);
            return done;
        }
        resetter.reset(conn).whenComplete((v, failure) -> {
            if (failure == null) {
                makeAvailable(slot);
            } else {
                drop(slot, Exit.BAD_RETURN, "returned unusable: " + Futures.unwrap(failure).getMessage(), false);
            }
            done.complete(null);
        });
        return done;
    }

    /**
     * A connection ready for use: to the first waiter, else to the idle queue; closed instead
     * when the pool closed, it expired, it predates a {@code drain()}, or the pool shrank.
     */
    private void makeAvailable(Slot<C> slot) {
        Acquisition<C> next = null;
        boolean retire = false;
        List<ConnectAttempt> start = List.of();
        lock.lock();
        try {
            if (slot.state == Slot.State.CLOSED) {
                return;
            }
            long now = System.nanoTime();
            if (phase != Phase.OPEN || slot.generation != generation || slot.expired(now)
                    || (maxSize > 0 && slots.size() > maxSize)) {
                remove(slot);
                retire = true;
                start = growth();
            } else if ((next = nextWaiter()) != null) {
                slot.state = Slot.State.RESERVED;
            } else {
                slot.state = Slot.State.IDLE;
                slot.idleSince = now;
                idle.addLast(slot);
            }
        } finally {
            lock.unlock();
        }
        if (retire) {
            connector.close(slot.conn);
            startAll(start);
            closedIfDone();
        } else if (next != null) {
            give(next, slot, false);
        }
    }

    /** Under lock: the first acquire still waiting, taken out of the queue. */
    private Acquisition<C> nextWaiter() {
        Acquisition<C> a;
        do {
            a = waiters.pollFirst();
        } while (a != null && a.future.isDone());
        return a;
    }

    /**
     * Closes a connection the pool gives up and makes another if one is needed. With
     * {@code onlyIfIdle}, for a loss noticed in the background, a connection handed out
     * meanwhile is left alone: its return will find it dead.
     */
    private void drop(Slot<C> slot, Exit exit, String why, boolean onlyIfIdle) {
        List<ConnectAttempt> start;
        lock.lock();
        try {
            if (slot.state == Slot.State.CLOSED || (onlyIfIdle && slot.state != Slot.State.IDLE)) {
                return;
            }
            remove(slot);
            if (exit == Exit.LOST) {
                counters.lost++;
            } else if (exit == Exit.BAD_RETURN) {
                counters.badReturns++;
            }
            start = growth();
        } finally {
            lock.unlock();
        }
        if (why != null) {
            LOG.log(System.Logger.Level.INFO, "pool '" + name + "': discarding a connection " + why);
        }
        connector.close(slot.conn);
        startAll(start);
        closedIfDone();
    }

    /** Under lock: forgets a connection; the caller closes it. */
    private void remove(Slot<C> slot) {
        if (slot.state == Slot.State.IDLE) {
            idle.remove(slot);
        }
        slot.state = Slot.State.CLOSED;
        slots.remove(slot.conn);
        counters.closed++;
    }

    /** Under lock: takes out up to {@code most} idle connections that {@code which} picks, oldest first. */
    private List<Slot<C>> takeIdle(Predicate<Slot<C>> which, int most) {
        List<Slot<C>> taken = new ArrayList<>();
        for (Iterator<Slot<C>> it = idle.iterator(); it.hasNext() && taken.size() < most; ) {
            Slot<C> s = it.next();
            if (which.test(s)) {
                it.remove();
                s.state = Slot.State.CLOSED;
                slots.remove(s.conn);
                counters.closed++;
                taken.add(s);
            }
        }
        return taken;
    }

    private void closeAll(List<Slot<C>> taken) {
        for (Slot<C> s : taken) {
            connector.close(s.conn);
        }
    }

    // ---- connecting ------------------------------------------------------------------------

    /**
     * Under lock: the connection attempts to start now, already counted: enough for
     * {@code minSize}, and one per waiter that no attempt in progress will serve, within
     * {@code maxSize}.
     */
    private List<ConnectAttempt> growth() {
        if (phase != Phase.OPEN) {
            return List.of();
        }
        int open = slots.size() + attempts.size();
        int need = Math.max(minSize - open, waiters.size() - attempts.size());
        if (maxSize > 0) {
            need = Math.min(need, maxSize - open);
        }
        if (need <= 0) {
            return List.of();
        }
        List<ConnectAttempt> start = new ArrayList<>(need);
        for (int i = 0; i < need; i++) {
            ConnectAttempt at = new ConnectAttempt();
            attempts.add(at);
            start.add(at);
        }
        return start;
    }

    /** Under lock: whether the pool still needs what {@code at} is making, counting everything else. */
    private boolean stillNeeded(ConnectAttempt at) {
        int others = slots.size() + attempts.size() - (attempts.contains(at) ? 1 : 0);
        int otherAttempts = others - slots.size();
        return phase == Phase.OPEN && (maxSize == 0 || others < maxSize)
                && (others < minSize || waiters.size() > otherAttempts);
    }

    private void startAll(List<ConnectAttempt> start) {
        for (ConnectAttempt at : start) {
            connect(at);
        }
    }

    private void connect(ConnectAttempt at) {
        long started = System.nanoTime();
        CompletableFuture<C> connecting;
        try {
            connecting = connector.connect();
        } catch (RuntimeException e) {
            connecting = CompletableFuture.failedFuture(e);
        }
        PoolTimer.within(connecting, options.connectTimeout(), () -> new OperationalException("pool '" + name
                        + "': connecting took longer than connectTimeout (" + options.connectTimeout().toMillis() + " ms)"),
                connector::close).whenComplete((conn, failure) -> {
                    if (failure == null) {
                        connected(at, conn, started);
                    } else {
                        connectFailed(at, Futures.unwrap(failure), started);
                    }
                });
    }

    private void connected(ConnectAttempt at, C conn, long started) {
        Slot<C> slot = null;
        List<TuskFuture<Void>> ready = List.of();
        lock.lock();
        try {
            attempts.remove(at);
            long now = System.nanoTime();
            counters.made++;
            counters.connectNanos += now - started;
            lastConnectError = null;
            if (phase == Phase.OPEN) {
                Duration lifetime = options.maxLifetime();
                long life = lifetime == null ? 0
                        : (long) (lifetime.toNanos() * (1 - LIFETIME_JITTER * ThreadLocalRandom.current().nextDouble()));
                slot = new Slot<>(conn, now + life, lifetime != null, generation);
                slots.put(conn, slot);
                ready = readyFills();
            } else {
                counters.closed++;
            }
        } finally {
            lock.unlock();
        }
        if (slot == null) {
            connector.close(conn);
            closedIfDone();
            return;
        }
        Slot<C> made = slot;
        conn.addExecutionListener(slot.unfit);
        connector.onLost(conn, () -> drop(made, Exit.LOST, "lost while idle", true));
        // Once in the idle queue (or handed over): whoever waited for the pool to fill sees it full.
        makeAvailable(slot);
        ready.forEach(f -> f.complete(null));
    }

    private void connectFailed(ConnectAttempt at, Throwable failure, long started) {
        Duration delay = null;
        boolean gaveUp = false;
        lock.lock();
        try {
            long now = System.nanoTime();
            counters.failed++;
            counters.connectNanos += now - started;
            lastConnectError = failure;
            boolean needed = stillNeeded(at);
            if (needed && now - at.startedAt < options.reconnectTimeout().toNanos()) {
                delay = options.reconnectBackoff().delay(at.failures++);
                at.sleeping = PoolTimer.after(delay, () -> retryConnect(at));
            } else {
                attempts.remove(at);
                gaveUp = needed;
            }
        } finally {
            lock.unlock();
        }
        String what = "pool '" + name + "': connecting failed (" + failure.getMessage() + ")";
        if (delay != null) {
            LOG.log(System.Logger.Level.WARNING, what + "; next attempt in " + delay.toMillis() + " ms");
        } else if (gaveUp) {
            LOG.log(System.Logger.Level.WARNING, what + "; giving up after reconnectTimeout ("
                    + options.reconnectTimeout().toMillis() + " ms)");
            reconnectFailed();
        }
        closedIfDone();
    }

    private void retryConnect(ConnectAttempt at) {
        boolean go = locked(() -> {
            at.sleeping = null;
            if (phase == Phase.OPEN && stillNeeded(at)) {
                return true;
            }
            attempts.remove(at);
            return false;
        });
        if (go) {
            connect(at);
        } else {
            closedIfDone();
        }
    }

    private void reconnectFailed() {
        if (options.reconnectFailed() == null) {
            return;
        }
        try {
            reconnectFailed.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pool '" + name + "': the reconnectFailed callback failed", e);
        }
    }

    // ---- housekeeping ----------------------------------------------------------------------

    /**
     * Every {@link #sweepPeriod()}: closes idle connections past their lifetime, and those
     * idle past {@code maxIdle} above {@code minSize}; reports leaks; notices idle connections
     * the server dropped; makes the connections the pool lacks.
     */
    private void sweep() {
        List<Slot<C>> retired;
        List<Slot<C>> idleNow;
        List<Leak> leaks = new ArrayList<>();
        List<ConnectAttempt> start;
        lock.lock();
        try {
            if (phase != Phase.OPEN) {
                return;
            }
            long now = System.nanoTime();
            retired = takeIdle(s -> s.expired(now), Integer.MAX_VALUE);
            Duration maxIdle = options.maxIdle();
            if (maxIdle != null) {
                retired.addAll(takeIdle(s -> now - s.idleSince >= maxIdle.toNanos(), slots.size() - minSize));
            }
            Duration threshold = options.leakDetectionThreshold();
            if (threshold != null) {
                for (Slot<C> s : slots.values()) {
                    if (s.state == Slot.State.OUT && !s.leakReported && now - s.outSince >= threshold.toNanos()) {
                        s.leakReported = true;
                        leaks.add(new Leak((now - s.outSince) / 1_000_000, s.acquiredAt));
                    }
                }
            }
            idleNow = new ArrayList<>(idle);
            start = growth();
        } finally {
            lock.unlock();
        }
        closeAll(retired);
        for (Leak leak : leaks) {
            LOG.log(System.Logger.Level.WARNING, "pool '" + name + "': a connection has been out for "
                    + leak.heldMillis() + " ms, longer than leakDetectionThreshold ("
                    + options.leakDetectionThreshold().toMillis() + " ms): a leak? It was acquired here:",
                    leak.acquiredAt());
        }
        for (Slot<C> s : idleNow) {
            if (!connector.isUsable(s.conn)) {
                drop(s, Exit.LOST, "lost while idle", true);
            }
        }
        startAll(start);
    }

    private Duration sweepPeriod() {
        Duration shortest = LONGEST_SWEEP.multipliedBy(4);
        for (Duration d : new Duration[] {options.maxLifetime(), options.maxIdle(), options.leakDetectionThreshold()}) {
            if (d != null && d.compareTo(shortest) < 0) {
                shortest = d;
            }
        }
        Duration period = shortest.dividedBy(4);
        return period.compareTo(SHORTEST_SWEEP) < 0 ? SHORTEST_SWEEP : period;
    }

    /** Sets new sizes: excess idle connections close now, excess ones in use when they return. */
    void resize(int min, int max) {
        PoolOptions.checkSizes(min, max);
        List<Slot<C>> retired;
        List<ConnectAttempt> start;
        List<TuskFuture<Void>> ready;
        lock.lock();
        try {
            minSize = min;
            maxSize = max;
            retired = max == 0 ? List.of() : takeIdle(s -> true, slots.size() - max);
            start = growth();
            ready = readyFills();
        } finally {
            lock.unlock();
        }
        closeAll(retired);
        startAll(start);
        ready.forEach(f -> f.complete(null));
    }

    /** Closes the idle connections; new ones are made on demand. */
    void clear() {
        closeAll(locked(() -> takeIdle(s -> true, Integer.MAX_VALUE)));
    }

    /** Replaces every connection: idle ones now, those in use when they return. */
    void drain() {
        List<Slot<C>> retired;
        List<ConnectAttempt> start;
        lock.lock();
        try {
            generation++;
            retired = takeIdle(s -> true, Integer.MAX_VALUE);
            start = growth();
        } finally {
            lock.unlock();
        }
        closeAll(retired);
        startAll(start);
    }

    // ---- closing ---------------------------------------------------------------------------

    /** No more acquires; idle connections close now, the others when returned. */
    void close() {
        List<Slot<C>> retired;
        List<Acquisition<C>> waiting;
        List<TuskFuture<Void>> filling;
        lock.lock();
        try {
            if (phase == Phase.CLOSED) {
                return;
            }
            phase = Phase.CLOSED;
            if (sweeper != null) {
                sweeper.cancel(false);
            }
            retired = takeIdle(s -> true, Integer.MAX_VALUE);
            waiting = new ArrayList<>(waiters);
            waiters.clear();
            filling = new ArrayList<>(fills);
            fills.clear();
            // A back-off delay cancelled in time ends its attempt; one already running sees the phase.
            attempts.removeIf(at -> at.sleeping != null && at.sleeping.cancel(false));
        } finally {
            lock.unlock();
        }
        closeAll(retired);
        // One exception each: a blocking waiter rethrows it with its own stack trace.
        waiting.forEach(a -> a.future.completeExceptionally(closedError()));
        filling.forEach(f -> f.completeExceptionally(closedError()));
        closedIfDone();
    }

    /** {@link #close()}, and the connections in use are closed too. */
    void terminate() {
        close();
        List<Slot<C>> busy = locked(() -> {
            List<Slot<C>> all = new ArrayList<>(slots.values());
            all.forEach(this::remove);
            return all;
        });
        closeAll(busy);
        closedIfDone();
    }

    CompletableFuture<Void> waitClosed() {
        if (phase != Phase.CLOSED) {
            throw new IllegalStateException("pool '" + name + "' is not closed: call close() or terminate() first");
        }
        return closed;
    }

    private void closedIfDone() {
        if (locked(() -> phase == Phase.CLOSED && slots.isEmpty() && attempts.isEmpty())) {
            closed.complete(null);
        }
    }

    // ---- information -----------------------------------------------------------------------

    String name() {
        return name;
    }

    boolean isClosed() {
        return phase == Phase.CLOSED;
    }

    int size() {
        return locked(slots::size);
    }

    int freeSize() {
        return locked(idle::size);
    }

    int minSize() {
        return locked(() -> minSize);
    }

    int maxSize() {
        return locked(() -> maxSize);
    }

    Duration timeout() {
        return options.timeout();
    }

    PoolStats stats() {
        return locked(() -> {
            int inUse = 0;
            for (Slot<C> s : slots.values()) {
                if (s.state == Slot.State.OUT) {
                    inUse++;
                }
            }
            return counters.snapshot(minSize, maxSize, slots.size(), idle.size(), inUse, waiters.size(),
                    attempts.size());
        });
    }

    // ---- errors ----------------------------------------------------------------------------

    private PoolClosed closedError() {
        return new PoolClosed(phase == Phase.NEW ? "pool '" + name + "' is not open yet: call open()"
                : "pool '" + name + "' is closed");
    }

    private PoolTimeout timeoutError() {
        return locked(() -> new PoolTimeout("pool '" + name + "': no connection available within "
                + options.timeout().toMillis() + " ms (" + slots.size() + " open, maxSize "
                + (maxSize == 0 ? "unlimited" : maxSize) + ", " + waiters.size() + " waiting)"
                + connectFailure(), lastConnectError));
    }

    private PoolTimeout fillTimeout() {
        return locked(() -> new PoolTimeout("pool '" + name + "': " + slots.size() + " of minSize " + minSize
                + " connections open after " + options.timeout().toMillis() + " ms" + connectFailure(),
                lastConnectError));
    }

    /** Under lock: why connecting fails, when the last attempt did. */
    private String connectFailure() {
        return lastConnectError == null ? "" : "; connecting failed: " + lastConnectError.getMessage();
    }

    // ---- locking helpers -------------------------------------------------------------------

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void underLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }
}
