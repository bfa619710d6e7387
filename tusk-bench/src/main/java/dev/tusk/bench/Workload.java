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
     * Releases connections and threads.
     *
     * @throws Exception whatever the driver throws on close
     */
    @Override
    default void close() throws Exception {
    }
}
