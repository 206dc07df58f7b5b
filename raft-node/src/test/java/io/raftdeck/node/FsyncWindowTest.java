package io.raftdeck.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The slow-disk signal: the p99 of the recent fsyncs, by nearest rank, over a time window. */
class FsyncWindowTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void noSyncsIsNotSlow() {
        FsyncWindow window = new FsyncWindow();
        assertEquals(0, window.p99Nanos(SECOND));
        assertFalse(window.slowDisk(SECOND));
    }

    @Test
    void oneSlowSyncInAHundredIsTheP99AndTwoMakeItSlow() {
        FsyncWindow window = new FsyncWindow();
        long now = 100 * SECOND;
        for (int i = 0; i < 99; i++) {
            window.record(now, MS);
        }
        window.record(now, 50 * MS);
        // Nearest rank 99 of 100 is still a 1 ms sync: one stall is not a slow disk.
        assertEquals(MS, window.p99Nanos(now));
        assertFalse(window.slowDisk(now));
        window.record(now, 50 * MS);
        // Of 101, rank ceil(99.99) = 100 is a 50 ms sync.
        assertEquals(50 * MS, window.p99Nanos(now));
        assertTrue(window.slowDisk(now));
    }

    @Test
    void exactlyTenMillisecondsIsNotSlowYet() {
        FsyncWindow window = new FsyncWindow();
        for (int i = 0; i < FsyncWindow.MIN_SAMPLES_FOR_SLOW; i++) {
            window.record(SECOND, 10 * MS);
        }
        assertFalse(window.slowDisk(SECOND));
        window.record(SECOND, 10 * MS + 1);
        assertTrue(window.slowDisk(SECOND));
    }

    @Test
    void tooFewSyncsNeverCallTheDiskSlow() {
        // A fresh node's first saves create and zero its WAL segment: one slow start-up save
        // (or a few, on an idle node) is the whole p99 and must not raise the warning.
        FsyncWindow window = new FsyncWindow();
        for (int i = 0; i < FsyncWindow.MIN_SAMPLES_FOR_SLOW - 1; i++) {
            window.record(SECOND, 50 * MS);
        }
        assertEquals(50 * MS, window.p99Nanos(SECOND));
        assertFalse(window.slowDisk(SECOND));
        window.record(SECOND, 50 * MS);
        assertTrue(window.slowDisk(SECOND));
    }

    @Test
    void syncsOlderThanTheWindowNoLongerCount() {
        FsyncWindow window = new FsyncWindow();
        window.record(SECOND, 200 * MS);
        window.record(2 * SECOND, 2 * MS);
        assertEquals(200 * MS, window.p99Nanos(2 * SECOND));
        long later = SECOND + FsyncWindow.WINDOW_NANOS + 1;
        assertEquals(2 * MS, window.p99Nanos(later));
        assertFalse(window.slowDisk(later));
        assertEquals(0, window.p99Nanos(2 * SECOND + FsyncWindow.WINDOW_NANOS + 1));
    }

    @Test
    void onlyTheNewestSyncsAreKept() {
        FsyncWindow window = new FsyncWindow();
        long now = SECOND;
        for (int i = 0; i < FsyncWindow.CAPACITY; i++) {
            window.record(now, 100 * MS);
        }
        for (int i = 0; i < FsyncWindow.CAPACITY; i++) {
            window.record(now, MS);
        }
        // The slow ones were overwritten by as many fast ones.
        assertEquals(MS, window.p99Nanos(now));
    }
}
