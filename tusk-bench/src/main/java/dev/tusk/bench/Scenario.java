package dev.tusk.bench;

import java.util.List;

/**
 * One row of the results table: what is measured, in which unit, against which goals, and how
 * each driver does it.
 *
 * @param id       the number ({@code "1"} ... {@code "7 scram"})
 * @param title    what it measures, with this run's sizes
 * @param unit     what the numbers count, per second
 * @param goals    the targets; empty where it sets none
 * @param goalNote a target that is not a ratio (e.g. constant memory), or null
 * @param workload asks one driver for its workload
 */
public record Scenario(String id, String title, String unit, List<Goal> goals, String goalNote, WorkloadFactory workload) {

    /** How a scenario asks one driver for its workload. */
    @FunctionalInterface
    public interface WorkloadFactory {
        /**
         * Sets up one driver's workload.
         *
         * @param driver the driver
         * @return its workload, or an {@link Unavailable}
         * @throws Exception when setting up fails
         */
        Workload create(Driver driver) throws Exception;
    }

    /**
     * The goals in words, for the table.
     *
     * @return e.g. {@code "≥ 1.05 × pgjdbc"}, or an empty string
     */
    public String goalText() {
        if (goalNote != null) {
            return goalNote;
        }
        return String.join("; ", goals.stream().map(Goal::describe).toList());
    }

    /**
     * Whether the goals were reached.
     *
     * @param result this scenario's results
     * @return one verdict per goal, or an empty string
     */
    public String verdict(ScenarioResult result) {
        return String.join("; ", goals.stream().map(g -> g.verdict(result)).toList());
    }
}
