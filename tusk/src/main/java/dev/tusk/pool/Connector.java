package dev.tusk.pool;

import dev.tusk.BaseConnection;
import java.util.concurrent.CompletableFuture;

/**
 * What the pool's core needs from a kind of connection. Everything the core decides is the
 * same for {@link dev.tusk.AsyncConnection} and {@link dev.tusk.Connection}; only these
 * operations differ. None is ever called under the pool's lock. The futures of a blocking
 * connection's calls are complete when returned: the call ran on the caller's thread.
 *
 * @param <C> the connection type
 */
interface Connector<C extends BaseConnection> {

    /** Opens a connection and runs the configure hook on it; a failed hook closes it. */
    CompletableFuture<C> connect();

    /**
     * Whether the connection may still work, without waiting: false once closed or broken
     * (a blocking connection first reads what the server sent while it sat idle).
     */
    boolean isUsable(C conn);

    /** Whether a check hook is configured. */
    boolean hasCheck();

    /** Runs the check hook. */
    CompletableFuture<Void> check(C conn);

    /** Asks the server to cancel what the connection runs. */
    CompletableFuture<Void> cancel(C conn);

    /** Completes once the commands in flight (a cancelled one among them) have ended, whatever their outcome. */
    CompletableFuture<Void> drain(C conn);

    /** Rolls back an open or failed transaction. */
    CompletableFuture<Void> rollback(C conn);

    /** Runs the reset hook. */
    CompletableFuture<Void> reset(C conn);

    /** Closes without waiting for the server, also while a command runs. */
    void close(C conn);

    /** Calls {@code action} when the connection closes by itself; a no-op for kinds that cannot tell. */
    void onLost(C conn, Runnable action);
}
