package dev.tusk.pool;

import dev.tusk.ExecutionEvent;
import dev.tusk.ExecutionListener;
import dev.tusk.errors.PgException;
import java.time.Duration;
import java.util.Set;

/**
 * Listens to a pooled connection's statements for the errors that say its server cannot
 * serve it as the pool expects any more, so that it is closed when returned instead of
 * lent again: a read-only transaction refused a write (25006: after a failover the old
 * primary, now a standby, keeps refusing), a connection exception (class 08), or a server
 * shutting down or starting (57P01 to 57P03).
 */
final class UnfitWatch implements ExecutionListener {
    private static final Set<String> UNFIT = Set.of("25006", "57P01", "57P02", "57P03");

    private volatile String reason;

    @Override
    public void error(ExecutionEvent event, Throwable error, Duration elapsed) {
        if (error instanceof PgException e && e.sqlState() != null
                && (UNFIT.contains(e.sqlState()) || e.sqlState().startsWith("08"))) {
            reason = "SQLSTATE " + e.sqlState() + ": " + e.getMessage();
        }
    }

    /** Why the connection must not be reused, or {@code null} if nothing says so. */
    String reason() {
        return reason;
    }
}
