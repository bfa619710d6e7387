package dev.tusk.pool;

import dev.tusk.TuskFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a pool knows, and the decisions taken on it: the connections (idle, reserved for an
 * acquire, out, being reset), the acquires waiting, the attempts to connect, the sizes and
 * the counters. All of it is guarded by {@link #lock}: the fields and methods are for code
 * that holds it (through {@link #locked} or {@link #underLock}), except {@link #phase},
 * which may be read without. Nothing here does I/O, runs user code or completes a future:
 * the callers do that once the lock is released.
 *
 * @param <C> the connection type
 */
final class PoolState<C> {
    enum Phase { NEW, OPEN, CLOSED }

    /** A connection held past the leak threshold. */
    record Leak(long heldMillis, Throwable acquiredAt) {
    }

    /** Lifetimes are cut by up to this fraction at random, so that connections made together don't expire together. */
    private static final double LIFETIME_JITTER = 0.05;

    final ReentrantLock lock = new ReentrantLock();
    final String name;
    final PoolOptions options;
    final ArrayDeque<Slot<C>> idle = new ArrayDeque<>();
    final ArrayDeque<Acquisition<C>> waiters = new ArrayDeque<>();
    final Map<C, Slot<C>> slots = new IdentityHashMap<>();
    final Set<ConnectAttempt> attempts = new HashSet<>();
    final List<TuskFuture<Void>> fills = new ArrayList<>();
    final Counters counters = new Counters();
    int minSize;
    int maxSize;
    /** How many {@code drain()}s so far: connections made before the last one are replaced. */
    int generation;
    Throwable lastConnectError;
    // Written under the lock, read without it by isClosed().
    volatile Phase phase = Phase.NEW;

    PoolState(String name, PoolOptions options) {
        this.name = name;
        this.options = options;
        this.minSize = options.minSize();
        this.maxSize = options.maxSize();
    }

    <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    void underLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    // ---- connections -----------------------------------------------------------------------

    /** A new connection, counted in; its lifetime starts now. */
    Slot<C> add(C conn, long now) {
        Duration lifetime = options.maxLifetime();
        long life = lifetime == null ? 0
                : (long) (lifetime.toNanos() * (1 - LIFETIME_JITTER * ThreadLocalRandom.current().nextDouble()));
        Slot<C> slot = new Slot<>(conn, now + life, lifetime != null, generation);
        slots.put(conn, slot);
        return slot;
    }

    /** Forgets a connection; the caller closes it. */
    void remove(Slot<C> slot) {
        if (slot.state == Slot.State.IDLE) {
            idle.remove(slot);
        }
        slot.state = Slot.State.CLOSED;
        slots.remove(slot.conn);
        counters.closed++;
    }

    /** Takes out up to {@code most} idle connections that {@code which} picks, oldest first; the caller closes them. */
    List<Slot<C>> takeIdle(Predicate<Slot<C>> which, int most) {
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

    /**
     * Whether a connection ready for use must be closed instead: the pool closed, it expired,
     * it predates a {@code drain()}, or the pool shrank below the connections it has.
     */
    boolean retires(Slot<C> slot, long now) {
        return phase != Phase.OPEN || slot.generation != generation || slot.expired(now)
                || (maxSize > 0 && slots.size() > maxSize);
    }

    /** The connections out longer than the leak threshold and not reported yet, now marked reported. */
    List<Leak> leaks(long now) {
        Duration threshold = options.leakDetectionThreshold();
        if (threshold == null) {
            return List.of();
        }
        List<Leak> leaks = new ArrayList<>();
        for (Slot<C> s : slots.values()) {
            if (s.state == Slot.State.OUT && !s.leakReported && now - s.outSince >= threshold.toNanos()) {
                s.leakReported = true;
                leaks.add(new Leak((now - s.outSince) / 1_000_000, s.acquiredAt));
            }
        }
        return leaks;
    }

    // ---- acquires --------------------------------------------------------------------------

    /** The first acquire still waiting, taken out of the queue. */
    Acquisition<C> nextWaiter() {
        Acquisition<C> a;
        do {
            a = waiters.pollFirst();
        } while (a != null && a.future.isDone());
        return a;
    }

    /** The fill requests that {@code minSize} open connections satisfy, taken out. */
    List<TuskFuture<Void>> readyFills() {
        if (fills.isEmpty() || slots.values().stream().filter(s -> s.adopted).count() < minSize) {
            return List.of();
        }
        List<TuskFuture<Void>> ready = new ArrayList<>(fills);
        fills.clear();
        return ready;
    }

    // ---- growing ---------------------------------------------------------------------------

    /**
     * The connection attempts to start now, already counted in: enough for {@code minSize},
     * and one per waiter that no attempt in progress will serve, within {@code maxSize}.
     */
    List<ConnectAttempt> growth() {
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

    /** Whether the pool still needs what {@code at} is making, counting everything else. */
    boolean stillNeeded(ConnectAttempt at) {
        int others = slots.size() + attempts.size() - (attempts.contains(at) ? 1 : 0);
        int otherAttempts = others - slots.size();
        return phase == Phase.OPEN && (maxSize == 0 || others < maxSize)
                && (others < minSize || waiters.size() > otherAttempts);
    }

    /** Whether the pool is closed and nothing of it is left: no connection, no attempt. */
    boolean gone() {
        return phase == Phase.CLOSED && slots.isEmpty() && attempts.isEmpty();
    }

    // ---- information and errors ------------------------------------------------------------

    PoolStats stats() {
        int inUse = 0;
        for (Slot<C> s : slots.values()) {
            if (s.state == Slot.State.OUT) {
                inUse++;
            }
        }
        return counters.snapshot(minSize, maxSize, slots.size(), idle.size(), inUse, waiters.size(), attempts.size());
    }

    PoolClosed closedError() {
        return new PoolClosed(phase == Phase.NEW ? "pool '" + name + "' is not open yet: call open()"
                : "pool '" + name + "' is closed");
    }

    TooManyRequests tooManyRequests() {
        return new TooManyRequests("pool '" + name + "': " + waiters.size() + " acquires already waiting (maxWaiting "
                + options.maxWaiting() + ")");
    }

    PoolTimeout timeoutError() {
        return new PoolTimeout("pool '" + name + "': no connection available within " + options.timeout().toMillis()
                + " ms (" + slots.size() + " open, maxSize " + (maxSize == 0 ? "unlimited" : maxSize) + ", "
                + waiters.size() + " waiting)" + connectFailure(), lastConnectError);
    }

    PoolTimeout fillTimeout() {
        return new PoolTimeout("pool '" + name + "': " + slots.size() + " of minSize " + minSize
                + " connections open after " + options.timeout().toMillis() + " ms" + connectFailure(),
                lastConnectError);
    }

    /** Why connecting fails, when the last attempt did. */
    private String connectFailure() {
        return lastConnectError == null ? "" : "; connecting failed: " + lastConnectError.getMessage();
    }
}
