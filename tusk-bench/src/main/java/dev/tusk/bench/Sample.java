package dev.tusk.bench;

/**
 * What one contender did in one round.
 *
 * @param ops            operations done: queries, statements, rows or connections (the scenario's unit)
 * @param nanos          wall-clock time they took
 * @param allocatedBytes bytes allocated by all of this JVM's threads meanwhile, or -1 when the
 *                       work ran in another process
 * @param peakRssBytes   the peak resident set size of the process that did the work, or -1 if
 *                       not measured
 */
public record Sample(long ops, long nanos, long allocatedBytes, long peakRssBytes) {

    /**
     * A sample with only a count and a time; {@link Alternation} adds the allocation.
     *
     * @param ops   operations done
     * @param nanos time taken
     * @return the sample
     */
    public static Sample of(long ops, long nanos) {
        return new Sample(ops, nanos, -1, -1);
    }

    /**
     * Operations per second.
     *
     * @return the throughput
     */
    public double perSecond() {
        return ops * 1e9 / nanos;
    }

    /**
     * Bytes allocated per operation.
     *
     * @return the allocation rate, or NaN when not measured
     */
    public double bytesPerOp() {
        return allocatedBytes < 0 ? Double.NaN : (double) allocatedBytes / ops;
    }

    /**
     * A copy with the allocation filled in.
     *
     * @param bytes bytes allocated meanwhile
     * @return the new sample
     */
    public Sample withAllocated(long bytes) {
        return new Sample(ops, nanos, bytes, peakRssBytes);
    }

    /**
     * The sample of a batch round, after checking that every update hit its row: a driver that
     * skipped work must not look fast.
     *
     * @param updated  rows the driver says it updated
     * @param expected statements sent
     * @param nanos    time taken
     * @return the sample
     * @throws IllegalStateException if the counts differ
     */
    public static Sample checked(long updated, long expected, long nanos) {
        if (updated != expected) {
            throw new IllegalStateException("updated " + updated + " rows, expected " + expected);
        }
        return of(expected, nanos);
    }
}
