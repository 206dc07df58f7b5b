package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.launcher.chaos.Operation.Kind;
import io.raftdeck.launcher.chaos.Operation.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCheckTest {

    @Test
    void staleReadInAChaosHistoryIsAViolation() {
        // Proves chaos histories reach the checker intact: a read of an overwritten value after
        // the newer put completed is reported as NOT linearizable, a fresh read is not.
        Operation first = new Operation(1, Kind.PUT, "k1", "c1-1", 0, 10, Outcome.OK, null);
        Operation second = new Operation(1, Kind.PUT, "k1", "c1-2", 20, 30, Outcome.OK, null);
        Operation staleRead = new Operation(2, Kind.GET, "k1", null, 40, 50, Outcome.OK, "c1-1");
        Operation freshRead = new Operation(2, Kind.GET, "k1", null, 40, 50, Outcome.OK, "c1-2");

        assertTrue(HistoryCheck.verdict(List.of(first, second, staleRead))
                .startsWith("NOT linearizable"));
        assertTrue(HistoryCheck.verdict(List.of(first, second, freshRead))
                .startsWith("linearizable"));
    }

    @Test
    void unknownPutMayOrMayNotHaveHappened() {
        // Proves an unknown outcome is handed over as such: both readings are acceptable.
        Operation unknown = new Operation(1, Kind.PUT, "k1", "c1-1", 0, 10, Outcome.UNKNOWN,
                null);
        Operation sawIt = new Operation(2, Kind.GET, "k1", null, 40, 50, Outcome.OK, "c1-1");
        Operation missedIt = new Operation(2, Kind.GET, "k1", null, 40, 50, Outcome.OK, null);
        assertTrue(HistoryCheck.verdict(List.of(unknown, sawIt)).startsWith("linearizable"));
        assertTrue(HistoryCheck.verdict(List.of(unknown, missedIt)).startsWith("linearizable"));
    }

    @Test
    void casReachesTheCheckerWithItsExpectedValue() {
        // Proves an ok cas is checked as a CAS: it may only swap from its expected value, and
        // a null expected value means the key had to be absent.
        Operation put = new Operation(1, Kind.PUT, "k1", "c1-1", 0, 10, Outcome.OK, null);
        Operation swapFromPut = new Operation(2, Kind.CAS, "k1", "c2-1", 20, 30, Outcome.OK,
                null, "c1-1");
        Operation swapFromOther = new Operation(2, Kind.CAS, "k1", "c2-1", 20, 30, Outcome.OK,
                null, "c9-9");
        Operation swapFromAbsent = new Operation(2, Kind.CAS, "k1", "c2-1", 20, 30,
                Outcome.OK, null, null);
        Operation missed = new Operation(2, Kind.CAS, "k1", "c2-1", 20, 30, Outcome.FAIL,
                "c1-1", "c9-9");
        Operation read = new Operation(3, Kind.GET, "k1", null, 40, 50, Outcome.OK, "c2-1");
        Operation readPut = new Operation(3, Kind.GET, "k1", null, 40, 50, Outcome.OK, "c1-1");

        assertTrue(HistoryCheck.verdict(List.of(put, swapFromPut, read))
                .startsWith("linearizable"));
        assertTrue(HistoryCheck.verdict(List.of(put, swapFromOther, read))
                .startsWith("NOT linearizable"));
        assertTrue(HistoryCheck.verdict(List.of(put, swapFromAbsent, read))
                .startsWith("NOT linearizable"));
        assertTrue(HistoryCheck.verdict(List.of(swapFromAbsent, read))
                .startsWith("linearizable"));
        assertTrue(HistoryCheck.verdict(List.of(put, missed, readPut))
                .startsWith("linearizable"));
    }

    @Test
    void appendsAreLeftOutOfTheKeyValueCheck() {
        // Proves an append, which writes the log and no key, never reaches the register
        // checker: a history of only appends is checked as empty, not refused.
        Operation append = new Operation(6, Kind.APPEND, null, "a6-1", 0, 10, Outcome.OK,
                "committed at index 2 in term 1");
        assertTrue(HistoryCheck.verdict(List.of(append)).startsWith("linearizable: 0 operations"),
                () -> HistoryCheck.verdict(List.of(append)));
        assertTrue(HistoryCheck.toHistory(List.of(append)).operations().isEmpty());
    }
}
