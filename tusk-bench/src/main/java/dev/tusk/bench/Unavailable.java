package dev.tusk.bench;

/**
 * The workload of a driver that cannot do a scenario, with the reason the report prints in
 * its cell instead of a number.
 *
 * @param reason e.g. {@code "n/a (no pgbench)"} or {@code "error: ..."}
 */
public record Unavailable(String reason) implements Workload {

    /** The scenario has no counterpart in this driver. */
    public static final Unavailable NOT_APPLICABLE = new Unavailable("n/a");

    /**
     * Never runs: {@link Alternation} skips unavailable workloads.
     *
     * @return never
     */
    @Override
    public Sample run() {
        throw new IllegalStateException(reason);
    }
}
