package dev.tusk.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Every contender's rounds in one scenario.
 *
 * @param scenario    what was measured
 * @param contenders  in the order of {@link Drivers#all}
 */
public record ScenarioResult(Scenario scenario, List<ContenderResult> contenders) {

    /**
     * One contender's results.
     *
     * @param driver the driver's name
     * @return its results, or null if it is not in this scenario
     */
    public ContenderResult contender(String driver) {
        return contenders.stream().filter(c -> c.driver().equals(driver)).findFirst().orElse(null);
    }

    /**
     * Tusk's throughput over a peer's, round by round: both ran in the same round, back to back.
     *
     * @param peer the peer's name
     * @return one ratio per round both completed; empty if either did not run
     */
    public List<Double> ratios(String peer) {
        ContenderResult tusk = contender("Tusk");
        ContenderResult other = contender(peer);
        List<Double> out = new ArrayList<>();
        if (tusk == null || other == null) {
            return out;
        }
        int n = Math.min(tusk.samples().size(), other.samples().size());
        for (int i = 0; i < n; i++) {
            out.add(tusk.samples().get(i).perSecond() / other.samples().get(i).perSecond());
        }
        return out;
    }

    /**
     * The median of {@link #ratios}.
     *
     * @param peer the peer's name
     * @return the ratio, NaN if either did not run
     */
    public double medianRatio(String peer) {
        return Stats.median(ratios(peer));
    }
}
