package dev.tusk.bench;

/**
 * The statements every driver runs, in each driver's placeholder style: Tusk takes psycopg's
 * {@code %s}, pgjdbc takes {@code ?}, Vert.x and pgbench take the server's own {@code $1}.
 */
final class Queries {
    /** Scenario 1, 2 and 4: pgbench's select-only transaction. */
    static final String POINT_SELECT = "SELECT abalance FROM pgbench_accounts WHERE aid = $1";
    /** Scenario 3: pgbench's account update. */
    static final String UPDATE = "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2";
    /** Scenario 5: five columns of five types, every row. */
    static final String BULK = "SELECT id, txt, ts, num, f FROM bench_bulk";
    /** Scenario 7. */
    static final String SELECT_ONE = "SELECT 1";

    private Queries() {
    }

    /**
     * The statement with {@code ?} placeholders, for pgjdbc.
     *
     * @param sql a statement with {@code $n} placeholders
     * @return the statement for JDBC
     */
    static String jdbc(String sql) {
        return sql.replaceAll("\\$\\d+", "?");
    }

    /**
     * The statement with {@code %s} placeholders, for Tusk.
     *
     * @param sql a statement with {@code $n} placeholders, in order
     * @return the statement for Tusk
     */
    static String tusk(String sql) {
        return sql.replaceAll("\\$\\d+", "%s");
    }

    /**
     * Scenario 6: {@code rows} rows of the bulk table's shape, as many passes over it as needed.
     *
     * @param rows     rows to stream
     * @param bulkRows rows in the bulk table
     * @return the query
     */
    static String stream(long rows, long bulkRows) {
        long passes = (rows + bulkRows - 1) / bulkRows;
        return "SELECT b.id, b.txt, b.ts, b.num, b.f FROM generate_series(1, " + passes + ") p, bench_bulk b LIMIT " + rows;
    }
}
