package io.raftdeck.launcher.bench;

import java.util.SortedMap;
import org.HdrHistogram.Histogram;

/**
 * What a load run measured in its window.
 *
 * @param windowNanos  length of the measured window
 * @param latencies    latency of every request completed in the window, in microseconds
 * @param errors       failed requests in the window by kind
 * @param warmupOps    requests completed during the warmup (not in the figures)
 * @param warmupErrors failed requests during the warmup by kind (not in the figures)
 * @param fsyncs       the leader's fsync figures over the window
 */
record LoadResult(BenchSettings settings, long windowNanos, Histogram latencies,
        SortedMap<String, Long> errors, long warmupOps, SortedMap<String, Long> warmupErrors,
        LeaderFsyncs fsyncs) {

    long completed() {
        return latencies.getTotalCount();
    }

    double opsPerSecond() {
        return windowNanos > 0 ? completed() / (windowNanos / 1e9) : 0;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
