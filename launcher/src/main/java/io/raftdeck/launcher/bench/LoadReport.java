package io.raftdeck.launcher.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import org.HdrHistogram.Histogram;

/** The lines a load run prints: one per second while it runs, and the result at the end. */
final class LoadReport {

    /** The percentiles of the latency line, as in etcd's benchmark output plus p99.9. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9};
    /** Where the per-kind error lines start: under the figures of the result block. */
    private static final int ERROR_INDENT = 13;

    private LoadReport() {
    }

    /** The result block. */
    static List<String> lines(LoadResult result) {
        List<String> lines = new ArrayList<>();
        int clients = result.settings().clients();
        lines.add("result (" + result.settings().op().label() + ", " + clients
                + (clients == 1 ? " client" : " clients") + "):");
        lines.add(String.format(Locale.ROOT, "  throughput   %,.1f ops/s (%,d ok in %.2f s)",
                result.opsPerSecond(), result.completed(), result.windowNanos() / 1e9));
        lines.add("  latency      " + latencyLine(result.latencies()));
        lines.addAll(errorLines("  errors       ", result.errors()));
        if (!result.warmupErrors().isEmpty()) {
            lines.addAll(errorLines("  warmup errors (not counted): ", result.warmupErrors()));
        }
        lines.add("  leader fsync " + result.fsyncs().describe());
        return lines;
    }

    /** "p50 1.23 ms  p90 ...  max 9.87 ms" from a histogram of microseconds. */
    static String latencyLine(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return "no request completed";
        }
        StringBuilder line = new StringBuilder();
        for (double percentile : PERCENTILES) {
            line.append(percentileLabel(percentile)).append(' ')
                    .append(millis(micros.getValueAtPercentile(percentile))).append("  ");
        }
        return line.append("max ").append(millis(micros.getMaxValue())).append(" ms")
                .toString();
    }

    /** "p50", "p99.9". */
    static String percentileLabel(double percentile) {
        return percentile == Math.rint(percentile) ? "p" + (long) percentile
                : "p" + percentile;
    }

    /** Microseconds as milliseconds with two decimals. */
    static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    /** "none", or the total and then one line per kind, most frequent first. */
    static List<String> errorLines(String label, SortedMap<String, Long> errors) {
        List<String> lines = new ArrayList<>();
        long total = errors.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            lines.add(label + "none");
            return lines;
        }
        lines.add(label + String.format(Locale.ROOT, "%,d", total));
        String indent = " ".repeat(ERROR_INDENT);
        errors.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(kind -> lines.add(String.format(Locale.ROOT, "%s%,8d  %s", indent,
                        kind.getValue(), kind.getKey())));
        return lines;
    }

    /** A progress line of the warmup: it shows the rate, which is not counted. */
    static String warmupProgress(int second, int of, Histogram interval, double seconds) {
        return String.format(Locale.ROOT, "  warmup %d/%d s: %,.0f ops/s (not counted)", second,
                of, rate(interval, seconds));
    }

    /** A progress line of the measured window: ops so far, the rate now, and its p99. */
    static String progress(int second, int of, long opsSoFar, Histogram interval,
            double seconds, long errorsSoFar) {
        String p99 = interval.getTotalCount() == 0 ? "-"
                : millis(interval.getValueAtPercentile(99)) + " ms";
        return String.format(Locale.ROOT, "  %d/%d s: %,d ops so far, %,.0f ops/s now, p99 %s%s",
                second, of, opsSoFar, rate(interval, seconds), p99,
                errorsSoFar == 0 ? "" : String.format(Locale.ROOT, ", %,d errors", errorsSoFar));
    }

    private static double rate(Histogram interval, double seconds) {
        return seconds > 0 ? interval.getTotalCount() / seconds : 0;
    }
}
