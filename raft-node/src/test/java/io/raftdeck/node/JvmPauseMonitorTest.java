package io.raftdeck.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pause monitor on a clock whose sleep only moves virtual time: pauses are injected. */
class JvmPauseMonitorTest {

    /** Sleeping takes exactly as long as asked, plus whatever pause is injected next. */
    private static final class InjectedPauses implements JvmPauseMonitor.PauseClock {
        long now = 1_000_000_000L;
        long nextPauseMs;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long millis) {
            now += TimeUnit.MILLISECONDS.toNanos(millis + nextPauseMs);
            nextPauseMs = 0;
        }
    }

    @Test
    void aPauseLongerThanTheHeartbeatIsCountedAndShorterOnesAreNot() throws Exception {
        InjectedPauses clock = new InjectedPauses();
        JvmPauseMonitor monitor = new JvmPauseMonitor("node 1", 50, clock);
        assertEquals(0, monitor.checkOnce());
        clock.nextPauseMs = 30; // a short GC: below the 50 ms heartbeat
        assertEquals(TimeUnit.MILLISECONDS.toNanos(30), monitor.checkOnce());
        clock.nextPauseMs = 50; // exactly the heartbeat: not longer
        monitor.checkOnce();
        assertEquals(0, monitor.pauses());
        clock.nextPauseMs = 400; // a stop-the-world pause followers may take for a dead leader
        assertEquals(TimeUnit.MILLISECONDS.toNanos(400), monitor.checkOnce());
        assertEquals(1, monitor.pauses());
        monitor.checkOnce();
        assertEquals(1, monitor.pauses());
    }
}
