package dev.tusk.bench;

import java.io.OutputStream;
import java.sql.Connection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The reference column: what the server does for a client that costs next to nothing.
 * {@code pgbench} (libpq, in C) for the point selects, the batch and the connections;
 * {@code COPY ... TO STDOUT}, read and thrown away, for the bulk read.
 */
final class ServerCeiling implements Driver {
    private static final Unavailable NO_PGBENCH = new Unavailable("n/a (no pgbench)");

    private final Pgbench pgbench;

    /**
     * A ceiling measured with this pgbench.
     *
     * @param pgbench the binary, or null: those cells then say so
     */
    ServerCeiling(Pgbench pgbench) {
        this.pgbench = pgbench;
    }

    @Override
    public String name() {
        return "server ceiling";
    }

    @Override
    public String version() {
        return pgbench == null ? "no pgbench found" : pgbench.version() + " (" + pgbench.binary() + ")";
    }

    @Override
    public String settings() {
        return "pgbench -n -M prepared, PGSSLMODE=disable: scenario 1 -S -c 1; 3 a script of \\startpipeline,"
                + " the updates, \\endpipeline; 4 -S -c <pool size> -j 2; 7 -C with SELECT 1;"
                + " scenario 5: COPY (the query) TO STDOUT through pgjdbc's CopyManager into a discarding stream";
    }

    /** A pgbench run as one round: pgbench's own throughput, with the time it implies for the ops. */
    private Workload pgbench(Target target, long ops, int opsPerTransaction, String script, String... args) {
        if (pgbench == null) {
            return NO_PGBENCH;
        }
        return new Workload() {
            @Override
            public Sample run() throws Exception {
                double tps = pgbench.tps(target, script, args);
                return Sample.of(ops, (long) (ops / (tps * opsPerTransaction) * 1e9));
            }

            @Override
            public boolean inProcess() {
                return false;
            }
        };
    }

    @Override
    public Workload sequential(BenchEnv env) {
        int n = env.config().sequentialQueries();
        return pgbench(env.admin(), n, 1, null, "-S", "-M", "prepared", "-c", "1", "-j", "1", "-t", Integer.toString(n));
    }

    @Override
    public Workload batch(BenchEnv env) {
        BenchConfig c = env.config();
        StringBuilder script = new StringBuilder();
        for (int s = 1; s <= c.perSync(); s++) {
            script.append("\\set aid").append(s).append(" random(1, ").append(c.accounts()).append(")\n");
        }
        script.append("\\startpipeline\n");
        for (int s = 1; s <= c.perSync(); s++) {
            script.append("UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid").append(s).append(";\n");
        }
        script.append("\\endpipeline\n");
        return pgbench(env.admin(), (long) c.batches() * c.perSync(), c.perSync(), script.toString(),
                "-M", "prepared", "-c", "1", "-j", "1", "-t", Integer.toString(c.batches()));
    }

    @Override
    public Workload pooled(BenchEnv env) {
        BenchConfig c = env.config();
        int perClient = c.pooledQueries() / c.poolSize();
        return pgbench(env.admin(), (long) perClient * c.poolSize(), 1, null, "-S", "-M", "prepared",
                "-c", Integer.toString(c.poolSize()), "-j", "2", "-t", Integer.toString(perClient));
    }

    @Override
    public Workload bulk(BenchEnv env) throws Exception {
        Connection conn = PgjdbcDriver.open(env.admin());
        CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
        OutputStream discard = OutputStream.nullOutputStream();
        return Workload.closing(() -> {
            long start = System.nanoTime();
            long rows = copy.copyOut("COPY (" + Queries.BULK + ") TO STDOUT", discard);
            return Sample.of(rows, System.nanoTime() - start);
        }, conn);
    }

    @Override
    public Workload connect(BenchEnv env, Target login) {
        int n = env.config().connects();
        return pgbench(login, n, 1, Queries.SELECT_ONE + ";\n", "-C", "-c", "1", "-j", "1", "-t", Integer.toString(n));
    }
}
