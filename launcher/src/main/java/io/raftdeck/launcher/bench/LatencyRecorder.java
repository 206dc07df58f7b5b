package io.raftdeck.launcher.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies of completed requests in microseconds, recorded from the transport's threads
 * without locks (HdrHistogram's {@link Recorder}, three significant digits) and read as
 * intervals: one for each progress line, added up over the measured window. The swap between
 * intervals is atomic, so every request lands in exactly one interval.
 */
final class LatencyRecorder {

    /** Anything slower is recorded as this; no request's deadline comes near it. */
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);

    void record(long nanos) {
        recorder.recordValue(Math.max(1, Math.min(HIGHEST_MICROS, nanos / 1_000)));
    }

    /** What was recorded since the previous call (or since creation), and a fresh start. */
    Histogram interval() {
        return recorder.getIntervalHistogram();
    }

    /** An empty histogram of the same range, to add intervals into. */
    static Histogram emptyHistogram() {
        return new Histogram(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    }
}
