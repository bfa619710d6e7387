package dev.tusk.pool;

import dev.tusk.BaseConnection;
import dev.tusk.errors.OperationalException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Makes a pool's connections. Each {@link ConnectAttempt} tries, bounded by
 * {@code connectTimeout}; a failure is retried after a back-off delay as long as the pool
 * still needs the connection, up to {@code reconnectTimeout}, after which the
 * {@code reconnectFailed} callback runs. A connection made is counted in and handed to the
 * pool ({@link PoolCore#adopt}); one made for a pool closed meanwhile is closed.
 *
 * @param <C> the connection type
 */
final class Connecting<C extends BaseConnection> {
    private static final System.Logger LOG = System.getLogger("dev.tusk.pool");

    private final PoolState<C> state;
    private final Connector<C> connector;
    private final PoolCore<C> core;
    private final Runnable reconnectFailed;

    /**
     * @param reconnectFailed calls the user's callback with the pool
     */
    Connecting(PoolState<C> state, Connector<C> connector, PoolCore<C> core, Runnable reconnectFailed) {
        this.state = state;
        this.connector = connector;
        this.core = core;
        this.reconnectFailed = reconnectFailed;
    }

    /** Starts attempts that {@link PoolState#growth()} counted in; never under the lock. */
    void start(List<ConnectAttempt> attempts) {
        for (ConnectAttempt at : attempts) {
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
        Duration limit = state.options.connectTimeout();
        PoolTimer.within(connecting, limit, () -> new OperationalException("pool '" + state.name
                        + "': connecting took longer than connectTimeout (" + limit.toMillis() + " ms)"),
                connector::close).whenComplete((conn, failure) -> {
                    if (failure == null) {
                        connected(at, conn, started);
                    } else {
                        failed(at, Futures.unwrap(failure), started);
                    }
                });
    }

    private void connected(ConnectAttempt at, C conn, long started) {
        Slot<C> slot = null;
        state.lock.lock();
        try {
            state.attempts.remove(at);
            long now = System.nanoTime();
            state.counters.made++;
            state.counters.connectNanos += now - started;
            state.lastConnectError = null;
            if (state.phase == PoolState.Phase.OPEN) {
                slot = state.add(conn, now);
            } else {
                state.counters.closed++;
            }
        } finally {
            state.lock.unlock();
        }
        if (slot == null) {
            connector.close(conn);
            core.closedIfGone();
        } else {
            core.adopt(slot);
        }
    }

    private void failed(ConnectAttempt at, Throwable failure, long started) {
        Duration delay = null;
        boolean gaveUp = false;
        Duration giveUpAfter = state.options.reconnectTimeout();
        state.lock.lock();
        try {
            long now = System.nanoTime();
            state.counters.failed++;
            state.counters.connectNanos += now - started;
            state.lastConnectError = failure;
            boolean needed = state.stillNeeded(at);
            if (needed && now - at.startedAt < giveUpAfter.toNanos()) {
                delay = state.options.reconnectBackoff().delay(at.failures++);
                at.sleeping = PoolTimer.after(delay, () -> retry(at));
            } else {
                state.attempts.remove(at);
                gaveUp = needed;
            }
        } finally {
            state.lock.unlock();
        }
        String what = "pool '" + state.name + "': connecting failed (" + failure.getMessage() + ")";
        if (delay != null) {
            LOG.log(System.Logger.Level.WARNING, what + "; next attempt in " + delay.toMillis() + " ms");
        } else if (gaveUp) {
            LOG.log(System.Logger.Level.WARNING, what + "; giving up after reconnectTimeout (" + giveUpAfter.toMillis()
                    + " ms)");
            callReconnectFailed();
        }
        core.closedIfGone();
    }

    /** After a back-off delay: tries again if still needed. */
    private void retry(ConnectAttempt at) {
        boolean go = state.locked(() -> {
            at.sleeping = null;
            if (state.stillNeeded(at)) {
                return true;
            }
            state.attempts.remove(at);
            return false;
        });
        if (go) {
            connect(at);
        } else {
            core.closedIfGone();
        }
    }

    /** At close: ends the attempts waiting out a back-off delay; one already trying again sees the pool closed. */
    void cancelDelays() {
        state.attempts.removeIf(at -> at.sleeping != null && at.sleeping.cancel(false));
    }

    private void callReconnectFailed() {
        if (state.options.reconnectFailed() == null) {
            return;
        }
        try {
            reconnectFailed.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pool '" + state.name + "': the reconnectFailed callback failed", e);
        }
    }
}
