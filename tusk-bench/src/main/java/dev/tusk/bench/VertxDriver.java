package dev.tusk.bench;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The Vert.x reactive PostgreSQL client; callers outside its event loop wait with {@code await()}. */
final class VertxDriver implements Driver {
    private final Vertx vertx = Vertx.vertx();

    @Override
    public String name() {
        return "Vert.x";
    }

    @Override
    public String version() {
        return "io.vertx:vertx-pg-client " + Versions.get("vertx");
    }

    @Override
    public String settings() {
        return "cachePreparedStatements=true, pipeliningLimit=in-flight count (256), sslmode=disable;"
                + " scenario 3: executeBatch; 4: PgBuilder.pool() maxSize=pool size;"
                + " 6: transaction + PreparedStatement.createStream(" + TuskDriver.STREAM_BATCH + ")";
    }

    private static PgConnectOptions options(Target target, int pipelining) {
        PgConnectOptions o = new PgConnectOptions().setHost(target.host()).setPort(target.port()).setDatabase(target.database())
                .setUser(target.user()).setSslMode(SslMode.DISABLE)
                .setCachePreparedStatements(true).setPipeliningLimit(pipelining);
        // Vert.x refuses a null password; a trust login has none.
        return target.password() == null ? o : o.setPassword(target.password());
    }

    private PgConnection open(BenchEnv env) {
        return PgConnection.connect(vertx, options(env.admin(), env.config().inFlight())).await();
    }

    private static int abalance(RowSet<Row> rows) {
        return rows.iterator().next().getInteger(0);
    }

    @Override
    public Workload sequential(BenchEnv env) {
        PgConnection conn = open(env);
        return Workload.closing(() -> Workload.timed(env.config().sequentialQueries(),
                i -> abalance(conn.preparedQuery(Queries.POINT_SELECT).execute(Tuple.of(env.aid(i))).await())),
                () -> conn.close().await());
    }

    @Override
    public Workload pipelined(BenchEnv env) {
        PgConnection conn = open(env);
        return Workload.closing(() -> Lanes.run(env.config().inFlight(), env.config().pipelinedQueries(),
                i -> conn.preparedQuery(Queries.POINT_SELECT).execute(Tuple.of(env.aid(i))).toCompletionStage(),
                VertxDriver::abalance), () -> conn.close().await());
    }

    @Override
    public Workload batch(BenchEnv env) {
        PgConnection conn = open(env);
        return Workload.closing(() -> Workload.batched(env, (first, count) -> {
            List<Tuple> sets = new ArrayList<>(count);
            for (int i = first; i < first + count; i++) {
                sets.add(Tuple.of(1, env.aid(i)));
            }
            long updated = 0;
            for (RowSet<Row> r = conn.preparedQuery(Queries.UPDATE).executeBatch(sets).await(); r != null; r = r.next()) {
                updated += r.rowCount();
            }
            return updated;
        }), () -> conn.close().await());
    }

    @Override
    public Workload pooled(BenchEnv env) {
        BenchConfig c = env.config();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(c.poolSize()))
                .connectingTo(options(env.admin(), c.inFlight())).using(vertx).build();
        return Workload.closing(() -> Lanes.run(c.poolTasks(), c.pooledQueries(),
                i -> pool.preparedQuery(Queries.POINT_SELECT).execute(Tuple.of(env.aid(i))).toCompletionStage(),
                VertxDriver::abalance), () -> pool.close().await());
    }

    @Override
    public Workload bulk(BenchEnv env) {
        PgConnection conn = open(env);
        return Workload.closing(() -> {
            long start = System.nanoTime();
            long rows = 0;
            long sum = 0;
            for (Row row : conn.preparedQuery(Queries.BULK).execute().await()) {
                sum += decode(row);
                rows++;
            }
            long nanos = System.nanoTime() - start;
            Sink.consume(sum);
            return Sample.of(rows, nanos);
        }, () -> conn.close().await());
    }

    private static long decode(Row row) {
        return Sink.of(row.getLong(0)) + Sink.of(row.getString(1)) + Sink.of(row.getOffsetDateTime(2))
                + Sink.of(row.getBigDecimal(3)) + Sink.of(row.getDouble(4));
    }

    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public long stream(Target target, String sql) {
        PgConnection conn = PgConnection.connect(vertx, options(target, 1)).await();
        try {
            // A row stream runs over a portal, which needs a transaction.
            Transaction tx = conn.begin().await();
            PreparedStatement ps = conn.prepare(sql).await();
            CompletableFuture<Long> done = new CompletableFuture<>();
            RowStream<Row> stream = ps.createStream(TuskDriver.STREAM_BATCH);
            long[] counts = new long[2];
            stream.exceptionHandler(done::completeExceptionally)
                    .endHandler(v -> done.complete(counts[0]))
                    .handler(row -> {
                        counts[0]++;
                        counts[1] += decode(row);
                    });
            long rows = done.join();
            Sink.consume(counts[1]);
            tx.commit().await();
            return rows;
        } finally {
            conn.close().await();
        }
    }

    @Override
    public Workload connect(BenchEnv env, Target login) {
        PgConnectOptions options = options(login, 1);
        return () -> Workload.timed(env.config().connects(), i -> {
            PgConnection conn = PgConnection.connect(vertx, options).await();
            try {
                return conn.query(Queries.SELECT_ONE).execute().await().iterator().next().getInteger(0);
            } finally {
                conn.close().await();
            }
        });
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
