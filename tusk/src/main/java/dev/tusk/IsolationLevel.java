package dev.tusk;

/** Transaction isolation levels, applied with the {@code BEGIN} of the next transaction. */
public enum IsolationLevel {
    /** {@code READ UNCOMMITTED} (PostgreSQL runs it as read committed). */
    READ_UNCOMMITTED("READ UNCOMMITTED"),
    /** {@code READ COMMITTED}, PostgreSQL's default. */
    READ_COMMITTED("READ COMMITTED"),
    /** {@code REPEATABLE READ}. */
    REPEATABLE_READ("REPEATABLE READ"),
    /** {@code SERIALIZABLE}. */
    SERIALIZABLE("SERIALIZABLE");

    private final String sql;

    IsolationLevel(String sql) {
        this.sql = sql;
    }

    /**
     * The level as SQL spells it.
     *
     * @return e.g. {@code REPEATABLE READ}
     */
    public String sql() {
        return sql;
    }
}
