package io.raftdeck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * The node command's last line of defence, fed directly: nothing here is installed JVM-wide,
 * so the test JVM's own handlers stay as they were.
 */
class FatalErrorWatchTest {

    private final List<String> stops = new CopyOnWriteArrayList<>();
    private final FatalErrorWatch watch = new FatalErrorWatch(stops::add);

    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setThrown(thrown);
        return record;
    }

    @Test
    void outOfMemoryThatNettyOnlyLoggedStopsTheNode() {
        // Proves an OutOfMemoryError that an event loop caught and logged (the only place it
        // surfaces) fail-stops the node, naming it, and gives the memory reserve back first.
        assertTrue(watch.holdsReserve());
        watch.logHandler().publish(record(Level.WARNING, "A task raised an exception.",
                new OutOfMemoryError("Direct buffer memory")));
        assertEquals(1, stops.size());
        assertTrue(stops.get(0).startsWith("out of memory (Direct buffer memory) in thread "),
                stops.get(0));
        assertFalse(watch.holdsReserve());
    }

    @Test
    void outOfMemoryWrappedInAnotherExceptionCountsToo() {
        // Proves the cause chain is searched: gRPC and futures wrap what a task threw.
        watch.logHandler().publish(record(Level.SEVERE, "Exception while executing runnable",
                new RuntimeException("wrapped", new OutOfMemoryError("Java heap space"))));
        assertEquals(1, stops.size(), stops.toString());
    }

    @Test
    void ordinaryLogRecordsAreLeftAlone() {
        // Proves the watch only acts on fatal errors: warnings, with or without a stack trace
        // of an ordinary exception, do not stop the node.
        watch.logHandler().publish(record(Level.WARNING, "peer 2 unreachable", null));
        watch.logHandler().publish(record(Level.SEVERE, "a bug",
                new IllegalStateException("boom")));
        assertEquals(List.of(), stops);
        assertTrue(watch.holdsReserve());
    }

    @Test
    void aThreadThatDiesStopsTheNodeSayingWhich() {
        // Proves an uncaught exception, fatal or not, stops the node: a dead thread leaves
        // undone what it was for, and the reason names the thread.
        Thread transport = new Thread(() -> { }, "raftdeck-transport-1");
        watch.uncaught(transport, new IllegalStateException("boom"));
        watch.uncaught(transport, new OutOfMemoryError("Java heap space"));
        assertEquals(List.of("thread raftdeck-transport-1 died: java.lang.IllegalStateException:"
                        + " boom",
                "out of memory (Java heap space) in thread raftdeck-transport-1"), stops);
    }
}
