package dev.tusk.pool;

import dev.tusk.BaseConnection;
import dev.tusk.ConnectOptions;
import dev.tusk.TransactionStatus;
import dev.tusk.errors.OperationalException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * Puts a returned connection back in the state a new one has, or fails, and then the pool
 * closes it. Idle: kept. In a transaction, or a failed one: rolled back, with a warning
 * (aiopg's), since the application forgot to end it. In the middle of a command: cancelled
 * on the server, and rolled back once the commands in flight have ended. Then the transaction
 * settings go back to the pool's {@link ConnectOptions} (no I/O), and the reset hook runs.
 * A connection that does not get there within {@link #LIMIT} is given up.
 *
 * @param <C> the connection type
 */
final class Resetter<C extends BaseConnection> {
    /** How often a cancel is sent again while the returned connection's command still runs. */
    private static final Duration RECANCEL = Duration.ofMillis(500);
    /** The longest a reset may take: a cancelled command that does not end is not worth waiting for. */
    static final Duration LIMIT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger("dev.tusk.pool");

    private final Connector<C> connector;
    private final ConnectOptions defaults;
    private final String pool;

    Resetter(Connector<C> connector, ConnectOptions defaults, String pool) {
        this.connector = connector;
        this.defaults = defaults;
        this.pool = pool;
    }

    /** Completes once the connection can go back to the pool; fails if it must be closed. */
    CompletableFuture<Void> reset(C conn) {
        TransactionStatus status = conn.transactionStatus();
        CompletableFuture<Void> ended;
        switch (status) {
            case UNKNOWN -> {
                return CompletableFuture.failedFuture(new OperationalException("returned closed or broken"));
            }
            case ACTIVE -> {
                LOG.log(System.Logger.Level.WARNING, "pool '" + pool + "': connection returned while a command was"
                        + " running: cancelling it");
                ended = cancelAndDrain(conn);
            }
            case INTRANS, INERROR -> {
                LOG.log(System.Logger.Level.WARNING, "pool '" + pool + "': connection returned in transaction status "
                        + status + ": rolling back");
                ended = connector.rollback(conn);
            }
            default -> ended = CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = ended.thenRun(() -> restoreSettings(conn))
                .thenCompose(v -> connector.reset(conn))
                .thenRun(() -> Resetter.requireIdle(conn, "reset"));
        return PoolTimer.within(done, LIMIT,
                () -> new OperationalException("resetting a returned connection took longer than " + LIMIT.toSeconds()
                        + " s"), v -> { });
    }

    /**
     * Cancels the running command and waits for the connection to drain. A cancel request
     * that reaches the server before the backend has started the command is ignored there
     * (it cancels only what runs): so while the command is still running the request is sent
     * again every {@link #RECANCEL}, until the drain ends or the reset's limit passes.
     */
    private CompletableFuture<Void> cancelAndDrain(C conn) {
        CompletableFuture<Void> drained = connector.cancel(conn).thenCompose(v -> connector.drain(conn))
                .thenCompose(v -> connector.rollback(conn));
        Recancel recancel = new Recancel();
        ScheduledFuture<?> again = PoolTimer.every(RECANCEL, () -> recancel.ifRunning(() -> {
            if (conn.transactionStatus() == TransactionStatus.ACTIVE) {
                return connector.cancel(conn);
            }
            return null;
        }));
        // Not handed on before the last request was delivered: it must not meet the next user's command.
        return drained.thenCompose(v -> {
            again.cancel(false);
            return recancel.finish();
        });
    }

    /** The repeated cancel requests of one reset, and the last one's delivery. */
    private static final class Recancel {
        private boolean finished;
        private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

        synchronized void ifRunning(java.util.function.Supplier<CompletableFuture<Void>> send) {
            if (!finished) {
                CompletableFuture<Void> sent = send.get();
                if (sent != null) {
                    last = sent.exceptionally(e -> null);
                }
            }
        }

        synchronized CompletableFuture<Void> finish() {
            finished = true;
            return last;
        }
    }

    /** Refuses a connection that a hook left in a transaction: the next user would inherit it. */
    static void requireIdle(BaseConnection conn, String hook) {
        TransactionStatus status = conn.transactionStatus();
        if (status != TransactionStatus.IDLE) {
            throw new OperationalException("the " + hook + " hook left the connection in transaction status "
                    + status + ": commit or roll back in it");
        }
    }

    /** What the last user changed goes back to what every connection of the pool starts with. */
    private void restoreSettings(C conn) {
        if (conn.autocommit() != defaults.autocommit()) {
            conn.setAutocommit(defaults.autocommit());
        }
        if (conn.isolationLevel() != null) {
            conn.setIsolationLevel(null);
        }
        if (conn.readOnly() != null) {
            conn.setReadOnly(null);
        }
        if (conn.deferrable() != null) {
            conn.setDeferrable(null);
        }
    }
}
