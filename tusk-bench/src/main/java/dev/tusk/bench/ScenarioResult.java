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
        return ratiosToBest(List.of(peer));
    }

    /**
     * Tusk's throughput over the best of several peers, round by round; peers that did not run
     * are left out.
     *
     * @param peers the peers' names
     * @return one ratio per round that Tusk and at least one of the peers completed
     */
    public List<Double> ratiosToBest(List<String> peers) {
        List<Double> out = new ArrayList<>();
        ContenderResult tusk = contender("Tusk");
        if (tusk == null) {
            return out;
        }
        for (int i = 0; i < tusk.samples().size(); i++) {
            double best = Double.NaN;
            for (String peer : peers) {
                ContenderResult other = contender(peer);
                if (other != null && i < other.samples().size() && !(other.samples().get(i).perSecond() <= best)) {
                    best = other.samples().get(i).perSecond();
                }
            }
            if (!Double.isNaN(best)) {
                out.add(tusk.samples().get(i).perSecond() / best);
            }
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
