package io.raftdeck.launcher.bench;

import java.util.List;
import java.util.Locale;

/**
 * Min, median, 90th percentile and max of a few measurements (failover rounds). The median
 * of an even count is the mean of the two middle values; the 90th percentile is the
 * nearest-rank one (the smallest value with at least 90% of the values at or below it), so
 * it is always a value that was measured.
 */
record Spread(int count, double min, double median, double p90, double max) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        int p90Rank = (int) Math.ceil(0.9 * n); // 1-based
        return new Spread(n, sorted[0], median, sorted[p90Rank - 1], sorted[n - 1]);
    }

    /** "min 150 ms  median 210 ms  p90 280 ms  max 301 ms". */
    String describe() {
        return String.format(Locale.ROOT, "min %s  median %s  p90 %s  max %s (ms)",
                number(min), number(median), number(p90), number(max));
    }

    private static String number(double millis) {
        return String.format(Locale.ROOT, "%.1f", millis);
    }
}
