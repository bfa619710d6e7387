package dev.tusk.bench;

import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import java.io.PrintStream;

/**
 * Creates the tables the scenarios read: pgbench's four, laid out as {@code pgbench -i} lays
 * them out (so that pgbench's own {@code -S} runs against them for the ceiling), and
 * {@code bench_bulk} for the bulk read and the streaming. Tables of the right size from an
 * earlier run on the same server ({@code --dsn}) are kept.
 */
final class BenchData {
    private BenchData() {
    }

    /**
     * Makes sure the data is there.
     *
     * @param admin  a login that may create tables
     * @param config the sizes
     * @param log    where progress goes
     */
    static void prepare(Target admin, BenchConfig config, PrintStream log) {
        try (Connection conn = Connection.connect(admin.dsn(), ConnectOptions.builder().autocommit(true).build())) {
            if (rows(conn, "pgbench_accounts") != config.accounts() || rows(conn, "pgbench_branches") != config.scale()) {
                log.printf("creating pgbench_accounts: %,d rows (pgbench scale %d)%n", config.accounts(), config.scale());
                conn.execute(String.join("\n",
                        "DROP TABLE IF EXISTS pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history;",
                        "CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));",
                        "CREATE TABLE pgbench_tellers (tid int NOT NULL, bid int, tbalance int, filler char(84)) WITH (fillfactor=100);",
                        "CREATE TABLE pgbench_accounts (aid int NOT NULL, bid int, abalance int, filler char(84)) WITH (fillfactor=100);",
                        "CREATE TABLE pgbench_branches (bid int NOT NULL, bbalance int, filler char(88)) WITH (fillfactor=100);",
                        "INSERT INTO pgbench_branches SELECT b, 0, '' FROM generate_series(1, " + config.scale() + ") b;",
                        "INSERT INTO pgbench_tellers SELECT t, (t - 1) / 10 + 1, 0, '' FROM generate_series(1, " + 10 * config.scale() + ") t;",
                        "INSERT INTO pgbench_accounts SELECT a, (a - 1) / 100000 + 1, 0, '' FROM generate_series(1, "
                                + config.accounts() + ") a;",
                        "ALTER TABLE pgbench_branches ADD PRIMARY KEY (bid);",
                        "ALTER TABLE pgbench_tellers ADD PRIMARY KEY (tid);",
                        "ALTER TABLE pgbench_accounts ADD PRIMARY KEY (aid);"));
                // VACUUM refuses the implicit transaction of a multi-statement query.
                conn.execute("VACUUM ANALYZE pgbench_branches, pgbench_tellers, pgbench_accounts, pgbench_history");
            }
            if (rows(conn, "bench_bulk") != config.bulkRows()) {
                log.printf("creating bench_bulk: %,d rows%n", config.bulkRows());
                conn.execute(String.join("\n",
                        "DROP TABLE IF EXISTS bench_bulk;",
                        "CREATE TABLE bench_bulk (id int8 PRIMARY KEY, txt text, ts timestamptz, num numeric(12,2), f float8);",
                        // Values of realistic width: a 40-odd character string, a spread of
                        // instants, decimals with cents, doubles with full mantissas.
                        "INSERT INTO bench_bulk SELECT g, 'row ' || g || ' ' || md5(g::text),"
                                + " timestamptz '2024-01-01 00:00:00+00' + g * interval '17 seconds',"
                                + " (g % 100000) * 1.25 + 0.01, g / 7.0"
                                + " FROM generate_series(1, " + config.bulkRows() + ") g;"));
                conn.execute("VACUUM ANALYZE bench_bulk");
            }
        }
    }

    private static long rows(Connection conn, String table) {
        Object exists = conn.execute("SELECT to_regclass(%s)::text", table).fetchOne().get(0);
        if (exists == null) {
            return -1;
        }
        return ((Number) conn.execute("SELECT count(*) FROM " + table).fetchOne().get(0)).longValue();
    }
}
