package dev.tusk.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a round's numbers; the median because one noisy round must not move the headline. */
final class Stats {
    private Stats() {
    }

    /**
     * The median: the middle value, or the mean of the two middle ones.
     *
     * @param values at least one number
     * @return the median, or NaN for none
     */
    static double median(List<Double> values) {
        double[] v = sorted(values);
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /**
     * The smallest value.
     *
     * @param values the numbers
     * @return the minimum, or NaN for none
     */
    static double min(List<Double> values) {
        double[] v = sorted(values);
        return v.length == 0 ? Double.NaN : v[0];
    }

    /**
     * The largest value.
     *
     * @param values the numbers
     * @return the maximum, or NaN for none
     */
    static double max(List<Double> values) {
        double[] v = sorted(values);
        return v.length == 0 ? Double.NaN : v[v.length - 1];
    }

    private static double[] sorted(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).toArray();
        Arrays.sort(v);
        return v;
    }

    /**
     * A number for a table: three significant digits at most, thousands separated.
     *
     * @param value the number
     * @return e.g. {@code "12,300"}, {@code "1.07"}, {@code "n/a"} for NaN
     */
    static String format(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 1000) {
            double magnitude = Math.pow(10, Math.floor(Math.log10(abs)) - 2);
            return String.format(java.util.Locale.ROOT, "%,d", Math.round(value / magnitude) * (long) magnitude);
        }
        if (abs >= 100) {
            return String.format(java.util.Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10) {
            return String.format(java.util.Locale.ROOT, "%.1f", value);
        }
        return String.format(java.util.Locale.ROOT, "%.2f", value);
    }
}
