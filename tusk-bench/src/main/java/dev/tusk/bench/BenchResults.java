package dev.tusk.bench;

import java.util.List;

/**
 * A whole run, as the report writers read it.
 *
 * @param info              when, where, what
 * @param drivers           the contenders' names in column order, Tusk first
 * @param scenarios         the measured scenarios
 * @param valueBytesPerRow  scenario 8's yardstick ({@link ValueFootprint}), NaN if not measured
 */
public record BenchResults(RunInfo info, List<String> drivers, List<ScenarioResult> scenarios, double valueBytesPerRow) {

    /**
     * The peers: every contender but Tusk.
     *
     * @return their names in column order
     */
    public List<String> peers() {
        return drivers.stream().filter(d -> !d.equals("Tusk")).toList();
    }

    /**
     * One scenario's results.
     *
     * @param id the scenario's id
     * @return its results, or null if it was not run
     */
    public ScenarioResult scenario(String id) {
        return scenarios.stream().filter(s -> s.scenario().id().equals(id)).findFirst().orElse(null);
    }
}
