package io.raftdeck.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadReportTest {

    /** 10, 20, ..., 2000 microseconds: every value below 2048 is exact at 3 digits. */
    private static Histogram steps() {
        Histogram micros = LatencyRecorder.emptyHistogram();
        for (int value = 10; value <= 2000; value += 10) {
            micros.recordValue(value);
        }
        return micros;
    }

    private static BenchSettings settings() {
        return new BenchSettings(4, 10, 2, 16, 64, 1000, BenchOp.PUT, 1, 1, 5000);
    }

    @Test
    void latencyLineGivesThePercentilesInMilliseconds() {
        // Proves the percentiles are the histogram's values at 50/90/99/99.9 % and the max,
        // converted from microseconds: of 200 steps, the 100th, 180th, 198th and 200th.
        assertEquals("p50 1.00  p90 1.80  p99 1.98  p99.9 2.00  max 2.00 ms",
                LoadReport.latencyLine(steps()));
        assertEquals("no request completed",
                LoadReport.latencyLine(LatencyRecorder.emptyHistogram()));
    }

    @Test
    void percentileLabelsDropAWholeNumbersPoint() {
        assertEquals("p50", LoadReport.percentileLabel(50));
        assertEquals("p99.9", LoadReport.percentileLabel(99.9));
    }

    @Test
    void resultBlockHasThroughputLatencyErrorsAndFsyncs() {
        // Proves ops/s is the completed count over the window and every figure is printed,
        // errors most frequent first.
        SortedMap<String, Long> errors = new TreeMap<>();
        errors.put("DEADLINE_EXCEEDED: no answer before the request's deadline", 2L);
        errors.put("UNAVAILABLE: connection refused", 5L);
        LeaderFsyncs fsyncs = LeaderFsyncs.between(new PersistSample(3, 2, 100, 150, 0),
                new PersistSample(3, 2, 1100, 4150, 2_000_000_000L));
        LoadResult result = new LoadResult(settings(), 2_000_000_000L, steps(), errors, 50,
                new TreeMap<>(), fsyncs);
        List<String> lines = LoadReport.lines(result);
        assertEquals(List.of(
                "result (put, 4 clients):",
                "  throughput   100.0 ops/s (200 ok in 2.00 s)",
                "  latency      p50 1.00  p90 1.80  p99 1.98  p99.9 2.00  max 2.00 ms",
                "  errors       7",
                "                    5  UNAVAILABLE: connection refused",
                "                    2  DEADLINE_EXCEEDED: no answer before the request's "
                        + "deadline",
                "  leader fsync node 3: 500.0 fsyncs/s, 4.00 entries per fsync "
                        + "(1,000 fsyncs, 4,000 entries in 2.00 s)"), lines);
    }

    @Test
    void noErrorsSayNoneAndWarmupErrorsAreShownApart() {
        SortedMap<String, Long> warmup = new TreeMap<>();
        warmup.put("UNAVAILABLE: connection refused", 1L);
        LoadResult result = new LoadResult(settings(), 1_000_000_000L, steps(),
                new TreeMap<>(), 10, warmup, LeaderFsyncs.between(null, null));
        List<String> lines = LoadReport.lines(result);
        assertTrue(lines.contains("  errors       none"), lines::toString);
        assertTrue(lines.contains("  warmup errors (not counted): 1"), lines::toString);
        assertTrue(lines.contains("  leader fsync not available: no leader answered at the "
                + "start of the window"), lines::toString);
    }

    @Test
    void fsyncFiguresNeedOneLeaderThroughTheWindow() {
        // Proves counters of two different leaders (or terms) are never subtracted.
        LeaderFsyncs changed = LeaderFsyncs.between(new PersistSample(1, 2, 10, 10, 0),
                new PersistSample(4, 3, 90, 90, 1_000_000_000L));
        assertEquals("not available: the leader changed during the window (node 1 in term 2, "
                + "then node 4 in term 3)", changed.describe());
        LeaderFsyncs sameNodeNewTerm = LeaderFsyncs.between(new PersistSample(1, 2, 10, 10, 0),
                new PersistSample(1, 5, 90, 90, 1_000_000_000L));
        assertTrue(sameNodeNewTerm.unavailable() != null);
    }

    @Test
    void progressLinesShowOpsSoFarTheRateNowAndErrors() {
        Histogram interval = steps();
        assertEquals("  3/10 s: 1,234 ops so far, 400 ops/s now, p99 1.98 ms",
                LoadReport.progress(3, 10, 1234, interval, 0.5, 0));
        assertEquals("  3/10 s: 1,234 ops so far, 200 ops/s now, p99 1.98 ms, 2 errors",
                LoadReport.progress(3, 10, 1234, interval, 1.0, 2));
        assertEquals("  warmup 1/2 s: 200 ops/s (not counted)",
                LoadReport.warmupProgress(1, 2, interval, 1.0));
    }
}
