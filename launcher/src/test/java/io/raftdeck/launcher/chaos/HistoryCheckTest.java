package io.raftdeck.launcher.chaos;

import static io.raftdeck.launcher.chaos.RecordedOperations.cas;
import static io.raftdeck.launcher.chaos.RecordedOperations.get;
import static io.raftdeck.launcher.chaos.RecordedOperations.put;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.history.History;
import io.raftdeck.history.HistoryRecorder;
import io.raftdeck.history.Operation;
import io.raftdeck.history.OperationKind;
import io.raftdeck.history.Outcome;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryCheckTest {

    private static String verdict(Operation... operations) {
        return HistoryCheck.verdict(new History(List.of(operations)));
    }

    @Test
    void staleReadInAChaosHistoryIsAViolation() {
        // Proves chaos histories reach the checker intact: a read of an overwritten value after
        // the newer put completed is reported as NOT linearizable, a fresh read is not.
        Operation first = put(1, "k1", "c1-1", 0, 10, Outcome.OK);
        Operation second = put(1, "k1", "c1-2", 20, 30, Outcome.OK);
        Operation staleRead = get(2, "k1", "c1-1", 40, 50);
        Operation freshRead = get(2, "k1", "c1-2", 40, 50);

        assertTrue(verdict(first, second, staleRead).startsWith("NOT linearizable"));
        assertTrue(verdict(first, second, freshRead).startsWith("linearizable"));
    }

    @Test
    void unknownPutMayOrMayNotHaveHappened() {
        // Proves an unknown outcome is handed over as such: both readings are acceptable.
        Operation unknown = put(1, "k1", "c1-1", 0, 10, Outcome.UNKNOWN);
        Operation sawIt = get(2, "k1", "c1-1", 40, 50);
        Operation missedIt = get(2, "k1", null, 40, 50);
        assertTrue(verdict(unknown, sawIt).startsWith("linearizable"));
        assertTrue(verdict(unknown, missedIt).startsWith("linearizable"));
    }

    @Test
    void casReachesTheCheckerWithItsExpectedValue() {
        // Proves an ok cas is checked as a CAS: it may only swap from its expected value, and
        // a null expected value means the key had to be absent; a missed one, recorded as the
        // workload records it (failed, with the value it found), never happened.
        Operation put = put(1, "k1", "c1-1", 0, 10, Outcome.OK);
        Operation swapFromPut = cas(2, "k1", "c1-1", "c2-1", 20, 30, Outcome.OK);
        Operation swapFromOther = cas(2, "k1", "c9-9", "c2-1", 20, 30, Outcome.OK);
        Operation swapFromAbsent = cas(2, "k1", null, "c2-1", 20, 30, Outcome.OK);
        AtomicLong clock = new AtomicLong(19);
        HistoryRecorder recorder = new HistoryRecorder(10, clock::incrementAndGet);
        recorder.missed(recorder.invoke(2, OperationKind.CAS, "k1", "c2-1", "c9-9"), "c1-1");
        Operation missed = recorder.history().operations().get(0);
        Operation read = get(3, "k1", "c2-1", 40, 50);
        Operation readPut = get(3, "k1", "c1-1", 40, 50);

        assertTrue(verdict(put, swapFromPut, read).startsWith("linearizable"));
        assertTrue(verdict(put, swapFromOther, read).startsWith("NOT linearizable"));
        assertTrue(verdict(put, swapFromAbsent, read).startsWith("NOT linearizable"));
        assertTrue(verdict(swapFromAbsent, read).startsWith("linearizable"));
        assertTrue(verdict(put, missed, readPut).startsWith("linearizable"));
    }

    @Test
    void appendsAreLeftOutOfTheKeyValueCheck() {
        // Proves an append, which writes the log and no key, never reaches the register
        // checker: a history of only appends is checked as empty, not refused.
        HistoryRecorder recorder = ChaosLoad.recorder(System.nanoTime());
        long append = recorder.invokeAppend(6, "a6-1");
        recorder.completeAppend(append, Outcome.OK, 2, "committed at index 2 in term 1");
        String verdict = HistoryCheck.verdict(recorder.history());
        assertTrue(verdict.startsWith("linearizable: 0 operations"), verdict);
        assertTrue(recorder.history().operations().isEmpty());
    }
}
