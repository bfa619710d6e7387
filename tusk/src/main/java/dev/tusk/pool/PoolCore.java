package dev.tusk.pool;

import dev.tusk.BaseConnection;
import dev.tusk.TuskFuture;
import dev.tusk.errors.OperationalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a pool lends and takes back connections, for either kind of connection: acquires
 * served from the idle queue or queued, connections checked and handed over, returns reset
 * and passed on, sizes changed, the pool closed. Each step decides under the lock of the
 * {@link PoolState} and acts once it is released: checking, resetting, closing and the
 * completion of futures (the callers' code) never run under it. {@link Connecting} makes the
 * connections and {@link Sweeper} keeps house. See the package documentation for the design.
 *
 * @param <C> the connection type
 */
final class PoolCore<C extends BaseConnection> {
    private static final System.Logger LOG = System.getLogger("dev.tusk.pool");
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** Why a connection leaves the pool, for the counters. */
    private enum Exit { LOST, BAD_RETURN, RETIRED }

    private final PoolState<C> state;
    private final Connector<C> connector;
    private final Resetter<C> resetter;
    private final Connecting<C> connecting;
    private final TuskFuture<Void> closed = new TuskFuture<>();
    // Guarded by the state's lock.
    private ScheduledFuture<?> sweeper;

    /**
     * @param reconnectFailed calls the user's callback with the pool
     */
    PoolCore(PoolOptions options, Connector<C> connector, Runnable reconnectFailed) {
        String name = options.name() != null ? options.name() : "pool-" + NAMES.incrementAndGet();
        this.state = new PoolState<>(name, options);
        this.connector = connector;
        this.resetter = new Resetter<>(connector, options.connectOptions(), name);
        this.connecting = new Connecting<>(state, connector, this, reconnectFailed);
    }

    // ---- opening and filling ---------------------------------------------------------------

    /** Opens the pool (once) and starts making {@code minSize} connections; see {@link #fill()}. */
    CompletableFuture<Void> open() {
        List<ConnectAttempt> start = List.of();
        state.lock.lock();
        try {
            if (state.phase == PoolState.Phase.CLOSED) {
                return Futures.failed(state.closedError());
            }
            if (state.phase == PoolState.Phase.NEW) {
                state.phase = PoolState.Phase.OPEN;
                Sweeper<C> sweep = new Sweeper<>(state, connector, this, connecting);
                sweeper = PoolTimer.every(Sweeper.period(state.options), sweep);
                start = state.growth();
            }
        } finally {
            state.lock.unlock();
        }
        connecting.start(start);
        return fill();
    }

    /** Completes once {@code minSize} connections are open; fails with {@link PoolTimeout} after the timeout. */
    CompletableFuture<Void> fill() {
        TuskFuture<Void> f = new TuskFuture<>();
        List<ConnectAttempt> start = List.of();
        RuntimeException refusal = null;
        boolean waiting = false;
        state.lock.lock();
        try {
            if (state.phase != PoolState.Phase.OPEN) {
                refusal = state.closedError();
            } else if (state.slots.size() < state.minSize) {
                state.fills.add(f);
                waiting = true;
                start = state.growth();
            }
        } finally {
            state.lock.unlock();
        }
        connecting.start(start);
        if (refusal != null) {
            f.completeExceptionally(refusal);
        } else if (!waiting) {
            f.complete(null);
        } else {
            ScheduledFuture<?> timer = PoolTimer.after(state.options.timeout(),
                    () -> f.completeExceptionally(state.locked(state::fillTimeout)));
            f.whenComplete((v, e) -> {
                timer.cancel(false);
                state.underLock(() -> state.fills.remove(f));
            });
        }
        return f;
    }

    // ---- acquiring -------------------------------------------------------------------------

    /** An acquire: a connection at once when one is idle, else a place in the queue. */
    CompletableFuture<C> acquire() {
        Acquisition<C> a = new Acquisition<>(state.options.leakDetectionThreshold() == null ? null
                : new Throwable("connection acquired by thread " + Thread.currentThread().getName()));
        request(a, false);
        a.future.whenComplete((conn, failure) -> finished(a, failure));
        if (!a.future.isDone()) {
            a.timer = PoolTimer.after(state.options.timeout(),
                    () -> a.future.completeExceptionally(state.locked(state::timeoutError)));
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
        state.lock.lock();
        try {
            if (!retry) {
                state.counters.requests++;
            }
            if (a.future.isDone()) {
                return;
            }
            int maxWaiting = state.options.maxWaiting();
            if (state.phase != PoolState.Phase.OPEN) {
                refusal = state.closedError();
            } else if ((retry || state.waiters.isEmpty()) && (slot = state.idle.pollFirst()) != null) {
                slot.state = Slot.State.RESERVED;
            } else if (!retry && maxWaiting > 0 && state.waiters.size() >= maxWaiting) {
                refusal = state.tooManyRequests();
            } else {
                if (retry) {
                    state.waiters.addFirst(a);
                } else {
                    state.waiters.addLast(a);
                }
                if (a.queuedAt < 0) {
                    a.queuedAt = System.nanoTime();
                    state.counters.queued++;
                }
                start = state.growth();
            }
        } finally {
            state.lock.unlock();
        }
        if (refusal != null) {
            a.future.completeExceptionally(refusal);
        } else if (slot != null) {
            give(a, slot, true);
        }
        connecting.start(start);
    }

    /** Bookkeeping once an acquire ended, however it ended. */
    private void finished(Acquisition<C> a, Throwable failure) {
        ScheduledFuture<?> timer = a.timer;
        if (timer != null) {
            timer.cancel(false);
        }
        Throwable cause = failure == null ? null : Futures.unwrap(failure);
        state.underLock(() -> {
            if (cause != null) {
                state.waiters.remove(a);
            }
            if (a.queuedAt >= 0) {
                state.counters.waitNanos += System.nanoTime() - a.queuedAt;
            }
            if (cause instanceof CancellationException) {
                state.counters.cancelled++;
            } else if (cause != null) {
                state.counters.errors++;
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
        PoolTimer.within(connector.check(slot.conn), state.options.timeout(),
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
        state.lock.lock();
        try {
            if (state.phase != PoolState.Phase.OPEN || slot.state != Slot.State.RESERVED) {
                refusal = state.closedError();
            } else {
                slot.state = Slot.State.OUT;
                slot.outSince = System.nanoTime();
                slot.acquiredAt = a.trace;
                slot.leakReported = false;
            }
        } finally {
            state.lock.unlock();
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
        boolean ours = state.locked(() -> {
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
        state.lock.lock();
        try {
            slot = state.slots.get(conn);
            if (slot == null) {
                if (state.phase == PoolState.Phase.CLOSED) {
                    // terminate() closed it already; returning it afterwards is fine (aiopg).
                    return Futures.done();
                }
                throw new IllegalArgumentException("not a connection of pool '" + state.name + "'");
            }
            if (slot.state != Slot.State.OUT) {
                throw new IllegalStateException("connection already returned to pool '" + state.name + "'");
            }
            slot.state = Slot.State.RETURNING;
            held = System.nanoTime() - slot.outSince;
            state.counters.usageNanos += held;
            leaked = slot.leakReported;
            slot.acquiredAt = null;
        } finally {
            state.lock.unlock();
        }
        if (leaked) {
            LOG.log(System.Logger.Level.INFO, "pool '" + state.name + "': the connection reported as leaked came back"
                    + " after " + held / 1_000_000 + " ms");
        }
        String unfit = slot.unfit.reason();
        if (unfit != null) {
            drop(slot, Exit.BAD_RETURN, "whose server refused it (" + unfit + ")", false);
            return Futures.done();
        }
        TuskFuture<Void> done = new TuskFuture<>();
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

    /** A connection {@link Connecting} made: watched for loss and unfitness, then made available. */
    void adopt(Slot<C> slot) {
        slot.conn.addExecutionListener(slot.unfit);
        connector.onLost(slot.conn, () -> lost(slot));
        makeAvailable(slot);
        // Counted only now: whoever waited for the pool to fill finds every connection in it,
        // also when another attempt finished in between and was added but not yet adopted.
        state.locked(() -> {
            slot.adopted = true;
            return state.readyFills();
        }).forEach(f -> f.complete(null));
    }

    /** A connection ready for use: to the first waiter, else to the idle queue, unless it must retire. */
    private void makeAvailable(Slot<C> slot) {
        Acquisition<C> next = null;
        boolean retire = false;
        List<ConnectAttempt> start = List.of();
        state.lock.lock();
        try {
            if (slot.state == Slot.State.CLOSED) {
                return;
            }
            long now = System.nanoTime();
            if (state.retires(slot, now)) {
                state.remove(slot);
                retire = true;
                start = state.growth();
            } else if ((next = state.nextWaiter()) != null) {
                slot.state = Slot.State.RESERVED;
            } else {
                slot.state = Slot.State.IDLE;
                slot.idleSince = now;
                state.idle.addLast(slot);
            }
        } finally {
            state.lock.unlock();
        }
        if (retire) {
            connector.close(slot.conn);
            connecting.start(start);
            closedIfGone();
        } else if (next != null) {
            give(next, slot, false);
        }
    }

    /** A connection found dead in the background: replaced if still idle; a returning one meets its fate then. */
    void lost(Slot<C> slot) {
        drop(slot, Exit.LOST, "lost while idle", true);
    }

    /**
     * Closes a connection the pool gives up and makes another if one is needed. With
     * {@code onlyIfIdle}, for a loss noticed in the background, a connection handed out
     * meanwhile is left alone: its return will find it dead.
     */
    private void drop(Slot<C> slot, Exit exit, String why, boolean onlyIfIdle) {
        List<ConnectAttempt> start;
        state.lock.lock();
        try {
            if (slot.state == Slot.State.CLOSED || (onlyIfIdle && slot.state != Slot.State.IDLE)) {
                return;
            }
            state.remove(slot);
            if (exit == Exit.LOST) {
                state.counters.lost++;
            } else if (exit == Exit.BAD_RETURN) {
                state.counters.badReturns++;
            }
            start = state.growth();
        } finally {
            state.lock.unlock();
        }
        if (why != null) {
            LOG.log(System.Logger.Level.INFO, "pool '" + state.name + "': discarding a connection " + why);
        }
        connector.close(slot.conn);
        connecting.start(start);
        closedIfGone();
    }

    void closeAll(List<Slot<C>> taken) {
        for (Slot<C> s : taken) {
            connector.close(s.conn);
        }
    }

    // ---- sizing ----------------------------------------------------------------------------

    /** Sets new sizes: excess idle connections close now, excess ones in use when they return. */
    void resize(int min, int max) {
        PoolOptions.checkSizes(min, max);
        List<Slot<C>> retired;
        List<ConnectAttempt> start;
        List<TuskFuture<Void>> filled;
        state.lock.lock();
        try {
            state.minSize = min;
            state.maxSize = max;
            retired = max == 0 ? List.of() : state.takeIdle(s -> true, state.slots.size() - max);
            start = state.growth();
            filled = state.readyFills();
        } finally {
            state.lock.unlock();
        }
        closeAll(retired);
        connecting.start(start);
        filled.forEach(f -> f.complete(null));
    }

    /** Closes the idle connections; new ones are made on demand. */
    void clear() {
        closeAll(state.locked(() -> state.takeIdle(s -> true, Integer.MAX_VALUE)));
    }

    /** Replaces every connection: idle ones now, those in use when they return. */
    void drain() {
        List<Slot<C>> retired;
        List<ConnectAttempt> start;
        state.lock.lock();
        try {
            state.generation++;
            retired = state.takeIdle(s -> true, Integer.MAX_VALUE);
            start = state.growth();
        } finally {
            state.lock.unlock();
        }
        closeAll(retired);
        connecting.start(start);
    }

    // ---- closing ---------------------------------------------------------------------------

    /** No more acquires; idle connections close now, the others when returned. */
    void close() {
        List<Slot<C>> retired;
        List<Acquisition<C>> waiting;
        List<TuskFuture<Void>> filling;
        state.lock.lock();
        try {
            if (state.phase == PoolState.Phase.CLOSED) {
                return;
            }
            state.phase = PoolState.Phase.CLOSED;
            if (sweeper != null) {
                sweeper.cancel(false);
            }
            retired = state.takeIdle(s -> true, Integer.MAX_VALUE);
            waiting = new ArrayList<>(state.waiters);
            state.waiters.clear();
            filling = new ArrayList<>(state.fills);
            state.fills.clear();
            connecting.cancelDelays();
        } finally {
            state.lock.unlock();
        }
        closeAll(retired);
        // One exception each: a blocking waiter rethrows it with its own stack trace.
        waiting.forEach(a -> a.future.completeExceptionally(state.closedError()));
        filling.forEach(f -> f.completeExceptionally(state.closedError()));
        closedIfGone();
    }

    /** {@link #close()}, and the connections in use are closed too. */
    void terminate() {
        close();
        closeAll(state.locked(() -> {
            List<Slot<C>> all = new ArrayList<>(state.slots.values());
            all.forEach(state::remove);
            return all;
        }));
        closedIfGone();
    }

    CompletableFuture<Void> waitClosed() {
        if (state.phase != PoolState.Phase.CLOSED) {
            throw new IllegalStateException("pool '" + state.name
                    + "' is not closed: call close() or terminate() first");
        }
        return closed;
    }

    /** Completes {@link #waitClosed()} once the pool is closed and nothing of it is left. */
    void closedIfGone() {
        if (state.locked(state::gone)) {
            closed.complete(null);
        }
    }

    // ---- information -----------------------------------------------------------------------

    String name() {
        return state.name;
    }

    boolean isClosed() {
        return state.phase == PoolState.Phase.CLOSED;
    }

    int size() {
        return state.locked(state.slots::size);
    }

    int freeSize() {
        return state.locked(state.idle::size);
    }

    int minSize() {
        return state.locked(() -> state.minSize);
    }

    int maxSize() {
        return state.locked(() -> state.maxSize);
    }

    Duration timeout() {
        return state.options.timeout();
    }

    PoolStats stats() {
        return state.locked(state::stats);
    }
}
