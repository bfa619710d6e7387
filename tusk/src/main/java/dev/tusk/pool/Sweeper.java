package dev.tusk.pool;

import dev.tusk.BaseConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A pool's periodic housekeeping, on the timer thread: it closes idle connections past
 * their lifetime, and those idle longer than {@code maxIdle} above {@code minSize}; reports
 * connections held past the leak threshold; notices idle connections the server dropped
 * (a blocking connection is read without waiting); and starts the connections the pool
 * lacks, so that it gets back to {@code minSize} by itself.
 *
 * @param <C> the connection type
 */
final class Sweeper<C extends BaseConnection> implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.tusk.pool");
    private static final Duration SHORTEST = Duration.ofMillis(20);
    private static final Duration LONGEST = Duration.ofSeconds(1);

    private final PoolState<C> state;
    private final Connector<C> connector;
    private final PoolCore<C> core;
    private final Connecting<C> connecting;

    Sweeper(PoolState<C> state, Connector<C> connector, PoolCore<C> core, Connecting<C> connecting) {
        this.state = state;
        this.connector = connector;
        this.core = core;
        this.connecting = connecting;
    }

    /** A quarter of the shortest time limit it enforces, between 20 ms and 1 s. */
    static Duration period(PoolOptions options) {
        Duration shortest = LONGEST.multipliedBy(4);
        for (Duration d : new Duration[] {options.maxLifetime(), options.maxIdle(), options.leakDetectionThreshold()}) {
            if (d != null && d.compareTo(shortest) < 0) {
                shortest = d;
            }
        }
        Duration period = shortest.dividedBy(4);
        return period.compareTo(SHORTEST) < 0 ? SHORTEST : period;
    }

    @Override
    public void run() {
        List<Slot<C>> retired;
        List<Slot<C>> idleNow;
        List<PoolState.Leak> leaks;
        List<ConnectAttempt> start;
        state.lock.lock();
        try {
            if (state.phase != PoolState.Phase.OPEN) {
                return;
            }
            long now = System.nanoTime();
            retired = state.takeIdle(s -> s.expired(now), Integer.MAX_VALUE);
            Duration maxIdle = state.options.maxIdle();
            if (maxIdle != null) {
                retired.addAll(state.takeIdle(s -> now - s.idleSince >= maxIdle.toNanos(),
                        state.slots.size() - state.minSize));
            }
            leaks = state.leaks(now);
            idleNow = new ArrayList<>(state.idle);
            start = state.growth();
        } finally {
            state.lock.unlock();
        }
        core.closeAll(retired);
        for (PoolState.Leak leak : leaks) {
            LOG.log(System.Logger.Level.WARNING, "pool '" + state.name + "': a connection has been out for "
                    + leak.heldMillis() + " ms, longer than leakDetectionThreshold ("
                    + state.options.leakDetectionThreshold().toMillis() + " ms): a leak? It was acquired here:",
                    leak.acquiredAt());
        }
        for (Slot<C> s : idleNow) {
            if (!connector.isUsable(s.conn)) {
                core.lost(s);
            }
        }
        connecting.start(start);
    }
}
