package dev.tusk;

/**
 * A transaction block opened by {@link AsyncConnection#transaction}: the outermost block of a
 * transaction, or a savepoint inside one. Its end is decided by the body's future.
 */
public final class AsyncTransaction {
    private final AsyncConnection connection;
    // Set on the loop thread before the body runs; the body reads it after.
    volatile String savepoint;

    AsyncTransaction(AsyncConnection connection) {
        this.connection = connection;
    }

    /**
     * The savepoint this block set, or {@code null} for the outermost block.
     *
     * @return the savepoint name or {@code null}
     */
    public String savepointName() {
        return savepoint;
    }

    /**
     * The connection the block runs on.
     *
     * @return the connection
     */
    public AsyncConnection connection() {
        return connection;
    }

    /** Loop thread: the statement that ends the block. */
    String endStatement(boolean commit, AsyncConnection conn) {
        String sp = savepoint;
        if (sp == null) {
            conn.transactionEnded();
            return commit ? "COMMIT" : "ROLLBACK";
        }
        return commit ? "RELEASE SAVEPOINT " + sp : "ROLLBACK TO SAVEPOINT " + sp + "; RELEASE SAVEPOINT " + sp;
    }
}
