package dev.tusk.bench;

import java.util.List;

/**
 * One contender's rounds in one scenario.
 *
 * @param driver   the driver's name
 * @param samples  one per measured round, in order; empty when it did not run
 * @param note     why it did not run ({@code "n/a"}, {@code "pending: ..."}, an error), else null
 */
public record ContenderResult(String driver, List<Sample> samples, String note) {

    /**
     * Throughput per round.
     *
     * @return operations per second, one per round
     */
    public List<Double> rates() {
        return samples.stream().map(Sample::perSecond).toList();
    }

    /**
     * The median throughput.
     *
     * @return operations per second, NaN if it did not run
     */
    public double median() {
        return Stats.median(rates());
    }

    /**
     * The median allocation per operation.
     *
     * @return bytes, NaN where not measured
     */
    public double medianBytesPerOp() {
        return Stats.median(samples.stream().map(Sample::bytesPerOp).toList());
    }

    /**
     * The largest peak RSS over the rounds.
     *
     * @return bytes, -1 where not measured
     */
    public long peakRss() {
        return samples.stream().mapToLong(Sample::peakRssBytes).max().orElse(-1);
    }

    /**
     * The cell of the results table: median and range, or the note.
     *
     * @return e.g. {@code "24,100 (23,800–24,500)"}
     */
    public String cell() {
        if (samples.isEmpty()) {
            return note;
        }
        List<Double> r = rates();
        return Stats.format(Stats.median(r)) + " (" + Stats.format(Stats.min(r)) + "–" + Stats.format(Stats.max(r)) + ")";
    }
}
