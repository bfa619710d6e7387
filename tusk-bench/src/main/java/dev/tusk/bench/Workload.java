package dev.tusk.bench;

/**
 * One driver's way of doing one scenario: set up once (connections, prepared statements), then
 * run once per round. Warm-up rounds call {@link #run()} too and throw the result away.
 */
public interface Workload extends AutoCloseable {

    /**
     * Does one round of the scenario's work.
     *
     * @return what was done, and how long it took
     * @throws Exception whatever the driver throws: the run stops and says so
     */
    Sample run() throws Exception;

    /**
     * Tells whether the work runs in this JVM, so that its allocation can be counted here.
     *
     * @return false for child processes (pgbench, the streaming JVMs)
     */
    default boolean inProcess() {
        return true;
    }

    /**
     * Releases connections and threads; a failure here is reported and the run goes on.
     */
    @Override
    default void close() {
    }

    /**
     * A workload that closes a connection or pool when it is done.
     *
     * @param round    one round of work
     * @param resource what the rounds use
     * @return the workload
     */
    static Workload closing(Workload round, AutoCloseable resource) {
        return new Workload() {
            @Override
            public Sample run() throws Exception {
                return round.run();
            }

            @Override
            public void close() {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + resource + " failed", e);
                }
            }
        };
    }

    /** One operation of a timed loop, returning a checksum of what it read. */
    @FunctionalInterface
    interface Operation {
        /**
         * Does operation {@code i}.
         *
         * @param i the operation's index, from 0
         * @return a checksum of what it read
         * @throws Exception whatever the driver throws
         */
        long apply(int i) throws Exception;
    }

    /**
     * Runs {@code n} operations one after the other and times them.
     *
     * @param n         how many
     * @param operation what each one does
     * @return {@code n} operations and the time they took
     * @throws Exception whatever an operation throws
     */
    static Sample timed(int n, Operation operation) throws Exception {
        long sum = 0;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sum += operation.apply(i);
        }
        long nanos = System.nanoTime() - start;
        Sink.consume(sum);
        return Sample.of(n, nanos);
    }

    /** One batch of scenario 3: a number of updates sent with one {@code Sync}. */
    @FunctionalInterface
    interface Batch {
        /**
         * Sends updates {@code first} to {@code first + count - 1} as one batch and waits for them.
         *
         * @param first the first update's index, for {@link BenchEnv#aid(int)}
         * @param count how many updates
         * @return the rows the server says it updated
         * @throws Exception whatever the driver throws
         */
        long send(int first, int count) throws Exception;
    }

    /**
     * Runs one round of scenario 3 and checks that every update hit its row.
     *
     * @param env   the sizes
     * @param batch how the driver sends one batch
     * @return the statements sent and the time they took
     * @throws Exception whatever a batch throws
     */
    static Sample batched(BenchEnv env, Batch batch) throws Exception {
        int batches = env.config().batches();
        int perSync = env.config().perSync();
        long updated = 0;
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            updated += batch.send(b * perSync, perSync);
        }
        return Sample.checked(updated, (long) batches * perSync, System.nanoTime() - start);
    }
}
