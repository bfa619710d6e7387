package dev.tusk.bench;

import java.util.List;

/**
 * One of the targets: Tusk's median throughput at least {@code factor} times the best
 * median of the named peers. A goal to report against, never a failing test.
 *
 * @param factor the ratio to reach
 * @param peers  the peers; with several, the better one counts
 */
public record Goal(double factor, List<String> peers) {

    /**
     * A goal against one peer.
     *
     * @param factor the ratio to reach
     * @param peer   the peer's name
     * @return the goal
     */
    static Goal of(double factor, String peer) {
        return new Goal(factor, List.of(peer));
    }

    /**
     * The goal as written in the issue.
     *
     * @return e.g. {@code "≥ 1.1 × best of pgjdbc, Vert.x"}
     */
    String describe() {
        return "≥ " + factor + " × " + (peers.size() == 1 ? peers.get(0) : "best of " + String.join(", ", peers));
    }

    /**
     * Checks the goal against a scenario's results: the median over the rounds of Tusk's
     * throughput over the best peer's in the same round.
     *
     * @param result the scenario's results
     * @return {@code "met (1.12)"}, {@code "missed (0.93)"} or why it cannot be told
     */
    String verdict(ScenarioResult result) {
        ContenderResult tusk = result.contender("Tusk");
        if (tusk == null || tusk.samples().isEmpty()) {
            return tusk == null ? "n/a" : tusk.note();
        }
        // Per round, as the table's ratios: both sides ran back to back under the same load.
        double ratio = Stats.median(result.ratiosToBest(peers));
        if (Double.isNaN(ratio)) {
            return "n/a (no peer result)";
        }
        return (ratio >= factor ? "met (" : "missed (") + Stats.format(ratio) + ")";
    }
}
