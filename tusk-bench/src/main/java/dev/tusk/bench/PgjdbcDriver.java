package dev.tusk.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** pgjdbc, the JDBC driver; with HikariCP for the pooled scenario. */
final class PgjdbcDriver implements Driver {
    /** Rows per round trip when streaming: the same batch as Tusk's {@code request(n)}. */
    static final int FETCH_SIZE = TuskDriver.STREAM_BATCH;

    private static final String POINT_SELECT = Queries.jdbc(Queries.POINT_SELECT);
    private static final String UPDATE = Queries.jdbc(Queries.UPDATE);

    @Override
    public String name() {
        return "pgjdbc";
    }

    @Override
    public String version() {
        return "org.postgresql:postgresql " + Versions.get("pgjdbc") + ", com.zaxxer:HikariCP " + Versions.get("hikaricp");
    }

    @Override
    public String settings() {
        return "one PreparedStatement reused (prepareThreshold=5, warmed up past it: server-prepared, binaryTransfer=true),"
                + " sslmode=disable, assumeMinServerVersion=10 (no extra round trip at connect);"
                + " scenario 3: addBatch/executeBatch; 4: HikariCP maximumPoolSize=minimumIdle=pool size,"
                + " one platform thread per task; 6: autocommit off + setFetchSize(" + FETCH_SIZE + ")";
    }

    private static Properties properties(Target target) {
        Properties p = new Properties();
        p.setProperty("user", target.user());
        if (target.password() != null) {
            p.setProperty("password", target.password());
        }
        p.setProperty("sslmode", "disable");
        p.setProperty("assumeMinServerVersion", "10");
        return p;
    }

    /**
     * Opens a connection with the settings this driver is measured with.
     *
     * @param target where to connect
     * @return the connection, autocommit on
     * @throws SQLException if pgjdbc cannot connect
     */
    static Connection open(Target target) throws SQLException {
        return DriverManager.getConnection(target.jdbcUrl(), properties(target));
    }

    @Override
    public Workload sequential(BenchEnv env) throws SQLException {
        Connection conn = open(env.admin());
        PreparedStatement ps = conn.prepareStatement(POINT_SELECT);
        return Workload.closing(() -> Workload.timed(env.config().sequentialQueries(), i -> pointSelect(ps, env.aid(i))), conn);
    }

    private static int pointSelect(PreparedStatement ps, int aid) throws SQLException {
        ps.setInt(1, aid);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public Workload batch(BenchEnv env) throws SQLException {
        Connection conn = open(env.admin());
        PreparedStatement ps = conn.prepareStatement(UPDATE);
        return Workload.closing(() -> Workload.batched(env, (first, count) -> {
            for (int i = first; i < first + count; i++) {
                ps.setInt(1, 1);
                ps.setInt(2, env.aid(i));
                ps.addBatch();
            }
            long updated = 0;
            for (int n : ps.executeBatch()) {
                updated += n;
            }
            return updated;
        }), conn);
    }

    @Override
    public Workload pooled(BenchEnv env) {
        BenchConfig c = env.config();
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(env.admin().jdbcUrl());
        hc.setDataSourceProperties(properties(env.admin()));
        hc.setMaximumPoolSize(c.poolSize());
        hc.setMinimumIdle(c.poolSize());
        hc.setPoolName("tusk-bench");
        HikariDataSource ds = new HikariDataSource(hc);
        ExecutorService tasks = Executors.newFixedThreadPool(c.poolTasks());
        int total = c.pooledQueries();
        return new Workload() {
            @Override
            public Sample run() throws Exception {
                AtomicInteger next = new AtomicInteger();
                List<Future<Long>> running = new ArrayList<>();
                long start = System.nanoTime();
                for (int t = 0; t < c.poolTasks(); t++) {
                    running.add(tasks.submit(() -> {
                        long sum = 0;
                        // Borrow per query, as a request handler would: the pool is what is measured.
                        for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                            try (Connection conn = ds.getConnection();
                                 PreparedStatement ps = conn.prepareStatement(POINT_SELECT)) {
                                sum += pointSelect(ps, env.aid(i));
                            }
                        }
                        return sum;
                    }));
                }
                long sum = 0;
                for (Future<Long> f : running) {
                    sum += f.get();
                }
                long nanos = System.nanoTime() - start;
                Sink.consume(sum);
                return Sample.of(total, nanos);
            }

            @Override
            public void close() {
                tasks.shutdownNow();
                ds.close();
            }
        };
    }

    @Override
    public Workload bulk(BenchEnv env) throws SQLException {
        Connection conn = open(env.admin());
        PreparedStatement ps = conn.prepareStatement(Queries.BULK);
        return Workload.closing(() -> {
            long start = System.nanoTime();
            long rows = readAll(ps);
            return Sample.of(rows, System.nanoTime() - start);
        }, conn);
    }

    /** Reads every row with the typed getters a JDBC user would call. */
    private static long readAll(PreparedStatement ps) throws SQLException {
        long rows = 0;
        long sum = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sum += Long.hashCode(rs.getLong(1)) + Sink.of(rs.getString(2)) + Sink.of(rs.getObject(3, OffsetDateTime.class))
                        + Sink.of(rs.getBigDecimal(4)) + Double.hashCode(rs.getDouble(5));
                rows++;
            }
        }
        Sink.consume(sum);
        return rows;
    }

    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public long stream(Target target, String sql) throws SQLException {
        try (Connection conn = open(target)) {
            // pgjdbc honours the fetch size only inside a transaction (a portal needs one).
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                ps.setFetchSize(FETCH_SIZE);
                long rows = readAll(ps);
                conn.commit();
                return rows;
            }
        }
    }

    @Override
    public Workload connect(BenchEnv env, Target login) {
        return () -> Workload.timed(env.config().connects(), i -> {
            try (Connection conn = open(login); Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery(Queries.SELECT_ONE)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
