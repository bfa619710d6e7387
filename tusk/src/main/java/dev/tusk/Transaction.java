package dev.tusk;

/**
 * An open transaction block from {@link Connection#transaction()}: the outermost one is a
 * {@code BEGIN}, nested ones are savepoints (aiopg's {@code begin()} / {@code begin_nested()}).
 * {@link #commit()} ends it keeping its work; {@link #close()} without a commit rolls it
 * back, so an exception that skips the commit undoes the block.
 */
public final class Transaction implements AutoCloseable {
    private final Connection connection;
    private final String savepoint;
    private boolean ended;

    Transaction(Connection connection, String savepoint) {
        this.connection = connection;
        this.savepoint = savepoint;
    }

    /**
     * Commits the block ({@code COMMIT}, or {@code RELEASE SAVEPOINT} when nested). Inner
     * blocks still open are rolled back first.
     */
    public void commit() {
        end(true);
    }

    /** Rolls the block back ({@code ROLLBACK}, or {@code ROLLBACK TO SAVEPOINT} when nested). */
    public void rollback() {
        end(false);
    }

    private void end(boolean commit) {
        if (!ended) {
            ended = true;
            connection.finish(this, commit);
        }
    }

    /** Rolls back unless {@link #commit()} or {@link #rollback()} already ended the block. */
    @Override
    public void close() {
        end(false);
    }

    /**
     * The savepoint name of a nested block, {@code null} for the outermost one.
     *
     * @return the savepoint or {@code null}
     */
    public String savepoint() {
        return savepoint;
    }

    /**
     * Whether the block has ended.
     *
     * @return true after commit, rollback or close
     */
    public boolean isEnded() {
        return ended;
    }

    /**
     * The connection the block runs on.
     *
     * @return the connection
     */
    public Connection connection() {
        return connection;
    }
}
