package dev.tusk;

import dev.tusk.conninfo.ConnInfo;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Connection lifecycle events at {@code DEBUG} on the logger {@code dev.tusk}: connected,
 * failed to connect, closed, broken, cancel requested. Connection parameters appear as
 * {@link ConnInfo#toDsn()} shows them, never with the password. Nothing is formatted unless
 * the level is enabled.
 */
final class LifecycleLog {
    static final String LOGGER = "dev.tusk";
    private static final System.Logger LOG = System.getLogger(LOGGER);

    private LifecycleLog() {
    }

    /** Logs a new connection and returns it. */
    static <C extends BaseConnection> C connected(C conn, String peer, long startedNanos) {
        if (LOG.isLoggable(Level.DEBUG)) {
            String ms = String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startedNanos) / 1e6);
            LOG.log(Level.DEBUG, "connected to " + peer + " in " + ms + " ms: " + describe(conn)
                    + ", server version " + conn.parameterStatus("server_version"));
        }
        return conn;
    }

    static void connectFailed(ConnInfo info, Throwable cause) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "connection failed [" + info.toDsn() + "]: " + cause.getMessage());
        }
    }

    static void closed(BaseConnection conn) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "closed " + describe(conn));
        }
    }

    static void broken(BaseConnection conn, Throwable cause) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "connection broken, " + describe(conn) + ": " + cause.getMessage(), cause);
        }
    }

    static void cancelRequested(BaseConnection conn) {
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "cancel requested for " + describe(conn));
        }
    }

    private static String describe(BaseConnection conn) {
        return "backend pid " + conn.backendPid() + " [" + conn.dsn() + "]";
    }
}
