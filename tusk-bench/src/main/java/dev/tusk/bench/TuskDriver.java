package dev.tusk.bench;

import dev.tusk.AsyncConnection;
import dev.tusk.AsyncCursor;
import dev.tusk.ConnectOptions;
import dev.tusk.Connection;
import dev.tusk.Cursor;
import dev.tusk.Pipeline;
import dev.tusk.Row;
import dev.tusk.pool.AsyncPool;
import dev.tusk.pool.PoolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** Tusk: the blocking {@link Connection} where the caller waits, {@link AsyncConnection} where it does not. */
final class TuskDriver implements Driver {
    /** Rows asked for per {@code request(n)} when streaming: the same batch as the peers' fetch size. */
    static final int STREAM_BATCH = 1_000;

    /**
     * Tusk's best settings for these workloads. {@code enableHstore(false)}: the default looks up
     * the hstore and citext types with one catalog query per connect, which no peer does and no
     * workload here needs.
     */
    private static final ConnectOptions OPTIONS =
            ConnectOptions.builder().autocommit(true).prepareThreshold(0).enableHstore(false).build();
    private static final String POINT_SELECT = Queries.tusk(Queries.POINT_SELECT);
    private static final String UPDATE = Queries.tusk(Queries.UPDATE);

    @Override
    public String name() {
        return "Tusk";
    }

    @Override
    public String version() {
        return "dev.tusk:tusk " + Versions.get("tusk");
    }

    @Override
    public String settings() {
        return "autocommit, prepareThreshold=0 (server-side prepared from the first use, binary results"
                + " from the second), enableHstore=false (no type lookup at connect);"
                + " scenario 2: AsyncConnection's automatic pipelining; 3: pipeline();"
                + " 6: AsyncCursor.stream with request(" + STREAM_BATCH + ")";
    }

    @Override
    public Workload sequential(BenchEnv env) {
        Connection conn = Connection.connect(env.admin().dsn(), OPTIONS);
        Cursor<Row> cur = conn.cursor();
        return Workload.closing(() -> Workload.timed(env.config().sequentialQueries(),
                i -> (Integer) cur.execute(POINT_SELECT, env.aid(i)).fetchOne().get(0)), conn);
    }

    @Override
    public Workload pipelined(BenchEnv env) {
        AsyncConnection conn = AsyncConnection.connect(env.admin().dsn(), OPTIONS).join();
        return Workload.closing(() -> Lanes.run(env.config().inFlight(), env.config().pipelinedQueries(),
                i -> conn.execute(POINT_SELECT, env.aid(i)).thenCompose(AsyncCursor::fetchOne),
                row -> (Integer) row.get(0)), conn);
    }

    @Override
    @SuppressWarnings("try") // the pipeline block is there for its close: one Sync for the batch
    public Workload batch(BenchEnv env) {
        Connection conn = Connection.connect(env.admin().dsn(), OPTIONS);
        List<Cursor<Row>> cursors = new ArrayList<>(env.config().perSync());
        return Workload.closing(() -> Workload.batched(env, (first, count) -> {
            cursors.clear();
            try (Pipeline p = conn.pipeline()) {
                for (int i = first; i < first + count; i++) {
                    cursors.add(conn.execute(UPDATE, 1, env.aid(i)));
                }
            }
            long updated = 0;
            for (Cursor<Row> c : cursors) {
                updated += c.rowCount();
            }
            return updated;
        }), conn);
    }

    @Override
    public Workload pooled(BenchEnv env) {
        int size = env.config().poolSize();
        AsyncPool pool = AsyncPool.open(env.admin().dsn(),
                PoolOptions.builder().minSize(size).maxSize(size).connectOptions(OPTIONS).build()).join();
        return Workload.closing(() -> Lanes.run(env.config().poolTasks(), env.config().pooledQueries(),
                i -> pool.execute(POINT_SELECT, env.aid(i)), rows -> (Integer) rows.get(0).get(0)), pool);
    }

    @Override
    public Workload bulk(BenchEnv env) {
        Connection conn = Connection.connect(env.admin().dsn(), OPTIONS);
        Cursor<Row> cur = conn.cursor();
        return Workload.closing(() -> {
            long rows = 0;
            long sum = 0;
            long start = System.nanoTime();
            cur.execute(Queries.BULK);
            for (Row row : cur) {
                sum += decode(row);
                rows++;
            }
            long nanos = System.nanoTime() - start;
            Sink.consume(sum);
            return Sample.of(rows, nanos);
        }, conn);
    }

    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public long stream(Target target, String sql) {
        try (AsyncConnection conn = AsyncConnection.connect(target.dsn(), OPTIONS).join()) {
            CompletableFuture<Long> done = new CompletableFuture<>();
            conn.cursor().stream(sql).subscribe(new Flow.Subscriber<Row>() {
                private Flow.Subscription subscription;
                private long rows;
                private long sum;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription = s;
                    s.request(STREAM_BATCH);
                }

                @Override
                public void onNext(Row row) {
                    sum += decode(row);
                    if (++rows % STREAM_BATCH == 0) {
                        subscription.request(STREAM_BATCH);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    Sink.consume(sum);
                    done.complete(rows);
                }
            });
            return done.join();
        }
    }

    @Override
    public Workload connect(BenchEnv env, Target login) {
        return () -> Workload.timed(env.config().connects(), i -> {
            try (Connection conn = Connection.connect(login.dsn(), OPTIONS)) {
                return (Integer) conn.execute(Queries.SELECT_ONE).fetchOne().get(0);
            }
        });
    }

    /** Touches every value of a bulk row: Tusk decodes on {@code get}. */
    private static long decode(Row row) {
        return Sink.of(row.get(0)) + Sink.of(row.get(1)) + Sink.of(row.get(2)) + Sink.of(row.get(3)) + Sink.of(row.get(4));
    }
}
