package io.raftdeck.launcher.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latency over time by operation kind, as Jepsen's perf plot draws it: the p50 and p99 of the
 * operations completing in each time bucket, over every operation of the run (not only the
 * drawn ones). Buckets are one second, wider for runs past {@link #MAX_BUCKETS} seconds, so
 * the page holds a bounded number of points however long the run.
 */
final class LatencySeries {

    static final int MAX_BUCKETS = 600;
    private static final long SECOND_NS = 1_000_000_000L;

    /** One kind's line: per bucket start (ms), p50 and p99 latency (ms). */
    record Line(String kind, List<double[]> points) {
    }

    private LatencySeries() {
    }

    /** The bucket width for a run lasting {@code spanNs}: whole seconds. */
    static long bucketNs(long spanNs) {
        long seconds = Math.max(1, (spanNs + SECOND_NS - 1) / SECOND_NS);
        return ((seconds + MAX_BUCKETS - 1) / MAX_BUCKETS) * SECOND_NS;
    }

    /** A line per kind; operations never heard back have no latency and are left out. */
    static List<Line> of(List<PageOperation> ops, long bucketNs) {
        Map<String, Map<Long, List<Long>>> byKind = new TreeMap<>();
        for (PageOperation op : ops) {
            if (op.completed()) {
                byKind.computeIfAbsent(op.kind(), kind -> new TreeMap<>())
                        .computeIfAbsent(op.completeNs() / bucketNs, b -> new ArrayList<>())
                        .add(op.latencyNs());
            }
        }
        List<Line> lines = new ArrayList<>();
        byKind.forEach((kind, buckets) -> {
            List<double[]> points = new ArrayList<>();
            buckets.forEach((bucket, latencies) -> {
                long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
                points.add(new double[] {bucket * bucketNs / 1e6, percentile(sorted, 50) / 1e6,
                    percentile(sorted, 99) / 1e6});
            });
            lines.add(new Line(kind, points));
        });
        return lines;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
