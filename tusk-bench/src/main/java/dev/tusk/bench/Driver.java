package dev.tusk.bench;

/**
 * One contender: Tusk, a peer driver, or the server's own ceiling. Each scenario asks every
 * driver for its {@link Workload}; a driver that has no way to do a scenario returns an
 * {@link Unavailable} saying why, which the report prints instead of a number.
 */
public interface Driver extends AutoCloseable {

    /**
     * The column heading.
     *
     * @return e.g. {@code "pgjdbc"}
     */
    String name();

    /**
     * The artifact and version measured.
     *
     * @return e.g. {@code "org.postgresql:postgresql 42.7.14"}
     */
    String version();

    /**
     * The settings this driver runs with, printed with the results: each peer gets its best.
     *
     * @return one line
     */
    String settings();

    /**
     * Scenario 1: point selects one after the other on one connection.
     *
     * @param env the server, data and sizes
     * @return the workload
     * @throws Exception when the driver cannot set up
     */
    default Workload sequential(BenchEnv env) throws Exception {
        return Unavailable.NOT_APPLICABLE;
    }

    /**
     * Scenario 2: point selects on one connection, {@link BenchConfig#inFlight()} at a time.
     *
     * @param env the server, data and sizes
     * @return the workload
     * @throws Exception when the driver cannot set up
     */
    default Workload pipelined(BenchEnv env) throws Exception {
        return Unavailable.NOT_APPLICABLE;
    }

    /**
     * Scenario 3: updates in batches of {@link BenchConfig#perSync()}, one {@code Sync} each.
     *
     * @param env the server, data and sizes
     * @return the workload
     * @throws Exception when the driver cannot set up
     */
    default Workload batch(BenchEnv env) throws Exception {
        return Unavailable.NOT_APPLICABLE;
    }

    /**
     * Scenario 4: {@link BenchConfig#poolTasks()} concurrent tasks over a pool of
     * {@link BenchConfig#poolSize()} connections.
     *
     * @param env the server, data and sizes
     * @return the workload
     * @throws Exception when the driver cannot set up
     */
    default Workload pooled(BenchEnv env) throws Exception {
        return Unavailable.NOT_APPLICABLE;
    }

    /**
     * Scenario 5: the whole bulk table, every value decoded.
     *
     * @param env the server, data and sizes
     * @return the workload
     * @throws Exception when the driver cannot set up
     */
    default Workload bulk(BenchEnv env) throws Exception {
        return Unavailable.NOT_APPLICABLE;
    }

    /**
     * Scenario 6, in a child JVM with a small heap: streams a query's rows, decoding every
     * value, without holding the result.
     *
     * @param target where to connect
     * @param sql    the query, without parameters
     * @return the number of rows read
     * @throws Exception whatever the driver throws
     */
    default long stream(Target target, String sql) throws Exception {
        throw new UnsupportedOperationException(name() + " does not stream");
    }

    /**
     * Tells whether {@link #stream} is implemented, so that scenario 6 starts a child JVM for it.
     *
     * @return true if this driver streams
     */
    default boolean streams() {
        return false;
    }

    /**
     * Scenario 7: connect, run {@code SELECT 1}, close; again and again.
     *
     * @param env   the server, data and sizes
     * @param login the role to log in as (trust or scram-sha-256)
     * @return the workload
     * @throws Exception when the driver cannot set up
     */
    default Workload connect(BenchEnv env, Target login) throws Exception {
        return Unavailable.NOT_APPLICABLE;
    }

    /**
     * Releases what the driver shares between workloads (event loops, thread pools).
     */
    @Override
    default void close() {
    }
}
