package io.raftdeck.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The live recorder: times from its clock, outcomes, its bound, and use from many threads. */
class HistoryRecorderTest {

    @Test
    void recordsInvocationAndCompletionTimesAndOutcomes() {
        // Proves each call reads the clock once and the history carries what was reported.
        AtomicLong clock = new AtomicLong();
        HistoryRecorder recorder = new HistoryRecorder(10, clock::incrementAndGet);
        long put = recorder.invoke(1, OperationKind.PUT, "x", "a", null);
        long get = recorder.invoke(2, OperationKind.GET, "x", null, null);
        recorder.ok(put);
        recorder.ok(get, "a");
        long cas = recorder.invoke(3, OperationKind.CAS, "x", "b", "z");
        recorder.fail(cas);
        long delete = recorder.invoke(1, OperationKind.DELETE, "x", null, null);
        recorder.unknown(delete);
        recorder.invoke(2, OperationKind.PUT, "x", "c", null);

        List<Operation> operations = recorder.history().operations();
        assertEquals(5, operations.size());
        assertEquals(new Operation(put, 1, OperationKind.PUT, "x", "a", null, null, Outcome.OK,
                1, 3), operations.get(0));
        assertEquals(new Operation(get, 2, OperationKind.GET, "x", null, null, "a", Outcome.OK,
                2, 4), operations.get(1));
        assertEquals(Outcome.FAIL, operations.get(2).outcome());
        assertEquals(Outcome.UNKNOWN, operations.get(3).outcome());
        assertEquals(8, operations.get(3).completeTime());
        assertEquals(Outcome.UNKNOWN, operations.get(4).outcome(), "never completed");
        assertEquals(Operation.NEVER, operations.get(4).completeTime());
        assertEquals(new HistoryRecorder.Counts(2, 1, 1, 1), recorder.counts());
    }

    @Test
    void refusesToRecordPastItsCapacity() {
        // Proves the bound: the operation past the cap is refused before it could run.
        HistoryRecorder recorder = new HistoryRecorder(2, System::nanoTime);
        recorder.invoke(1, OperationKind.PUT, "x", "a", null);
        recorder.invoke(1, OperationKind.PUT, "x", "b", null);
        assertTrue(recorder.isFull());
        IllegalStateException full = assertThrows(IllegalStateException.class,
                () -> recorder.invoke(1, OperationKind.PUT, "x", "c", null));
        assertEquals("history is full: 2 operations recorded", full.getMessage());
    }

    @Test
    void rejectsMisuseWithClearMessages() {
        // Proves programmer errors are caught where they are made.
        HistoryRecorder recorder = new HistoryRecorder(10, System::nanoTime);
        long put = recorder.invoke(1, OperationKind.PUT, "x", "a", null);
        recorder.ok(put);
        assertThrows(IllegalArgumentException.class, () -> recorder.fail(put));
        assertThrows(IllegalArgumentException.class, () -> recorder.ok(99));
        IllegalArgumentException noValue = assertThrows(IllegalArgumentException.class,
                () -> recorder.invoke(1, OperationKind.PUT, "x", null, null));
        assertEquals("operation 1: PUT needs a value", noValue.getMessage());
        long put2 = recorder.invoke(1, OperationKind.PUT, "x", "b", null);
        assertThrows(IllegalArgumentException.class, () -> recorder.ok(put2, "b"));
    }

    @Test
    void keepsWhatAMissedCasFoundAndRecordsAppendsOnTheSameClock() {
        // Proves a missed cas is a failure that keeps the value it found, and that appends
        // share the operations' clock, capacity and counts but stay out of the key history.
        AtomicLong clock = new AtomicLong();
        HistoryRecorder recorder = new HistoryRecorder(4, clock::incrementAndGet);
        long cas = recorder.invoke(1, OperationKind.CAS, "x", "b", "a");
        long append = recorder.invokeAppend(2, "a2-1");
        recorder.missed(cas, "z");
        recorder.completeAppend(append, Outcome.OK, 7, "committed at index 7 in term 1");
        long pending = recorder.invokeAppend(2, "a2-2");

        assertEquals(new Operation(cas, 1, OperationKind.CAS, "x", "b", "a", "z", Outcome.FAIL,
                1, 3), recorder.history().operations().get(0));
        assertEquals(1, recorder.history().size(), "appends are not key/value operations");
        assertEquals(List.of(new AppendOperation(append, 2, "a2-1", Outcome.OK, 2, 4, 7,
                "committed at index 7 in term 1"), new AppendOperation(pending, 2, "a2-2",
                Outcome.UNKNOWN, 5, Operation.NEVER, AppendOperation.NO_INDEX)),
                recorder.appends());
        assertEquals(new HistoryRecorder.Counts(1, 1, 0, 1), recorder.counts());
        long put = recorder.invoke(1, OperationKind.PUT, "x", "c", null);
        assertTrue(recorder.isFull(), "appends count against the capacity");
        assertThrows(IllegalArgumentException.class, () -> recorder.missed(put, "b"));
    }

    @Test
    void concurrentClientsProduceACheckableHistory() throws InterruptedException {
        // Proves thread safety: every operation of every thread is recorded once, in time order.
        HistoryRecorder recorder = new HistoryRecorder();
        int threads = 5;
        int perThread = 2_000;
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int process = t;
            clients.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    long id = recorder.invoke(process, OperationKind.PUT, "k" + process,
                            process + "-" + i, null);
                    recorder.ok(id);
                }
            }));
        }
        clients.forEach(Thread::start);
        for (Thread client : clients) {
            client.join(60_000);
        }
        History history = recorder.history();
        assertEquals(threads * perThread, history.size());
        assertEquals(threads * perThread, history.count(Outcome.OK));
        for (Operation operation : history.operations()) {
            assertTrue(operation.completeTime() >= operation.invokeTime());
        }
        assertEquals(Verdict.LINEARIZABLE, new LinearizabilityChecker().check(history).verdict());
    }
}
