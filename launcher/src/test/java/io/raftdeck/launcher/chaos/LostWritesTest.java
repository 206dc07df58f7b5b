package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.history.Operation;
import io.raftdeck.history.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LostWritesTest {

    private static Operation put(String value, long invoke, long complete, Outcome outcome) {
        return RecordedOperations.put(1, "k", value, invoke, complete, outcome);
    }

    private static Operation cas(String expected, String value, long invoke, long complete,
            Outcome outcome) {
        return RecordedOperations.cas(1, "k", expected, value, invoke, complete, outcome);
    }

    private static Map<String, String> finalValue(String value) {
        Map<String, String> values = new HashMap<>();
        values.put("k", value);
        return values;
    }

    @Test
    void finalValueOfTheLastAcknowledgedPutLosesNothing() {
        // The plain case: sequential ok puts, the last one is what the final read shows.
        List<Operation> history = List.of(put("a", 0, 10, Outcome.OK),
                put("b", 20, 30, Outcome.OK));
        assertTrue(LostWrites.check(history, finalValue("b")).clean());
    }

    @Test
    void anOlderValueLosesEveryAcknowledgedPutInvokedAfterItsWriterCompleted() {
        // "a" completed before "b" and "c" were invoked, so showing "a" loses both.
        List<Operation> history = List.of(put("a", 0, 10, Outcome.OK),
                put("b", 20, 30, Outcome.OK), put("c", 40, 50, Outcome.OK));
        LostWrites.Verdict verdict = LostWrites.check(history, finalValue("a"));
        assertEquals(List.of("b", "c"),
                verdict.lost().stream().map(lost -> lost.put().value()).toList());
    }

    @Test
    void aConcurrentPutMayWinOverALaterAcknowledgedOne() {
        // "a" overlaps "b" in time, so either order is linearizable: nothing is lost.
        List<Operation> history = List.of(put("a", 0, 30, Outcome.OK),
                put("b", 10, 20, Outcome.OK));
        assertTrue(LostWrites.check(history, finalValue("a")).clean());
    }

    @Test
    void aPutOfUnknownOutcomeMayApplyAtAnyLaterTime() {
        // The client gave up on "a" at 10, but it may have applied after "b": not a loss.
        List<Operation> history = List.of(put("a", 0, 10, Outcome.UNKNOWN),
                put("b", 20, 30, Outcome.OK));
        assertTrue(LostWrites.check(history, finalValue("a")).clean());
    }

    @Test
    void aMissingKeyLosesEveryAcknowledgedPut() {
        // The workload never deletes, so an absent key means the acknowledged put vanished.
        List<Operation> history = List.of(put("a", 0, 10, Outcome.OK),
                put("b", 20, 30, Outcome.UNKNOWN));
        assertEquals(1, LostWrites.check(history, finalValue(null)).lost().size());
        assertTrue(LostWrites.check(List.of(put("b", 0, 30, Outcome.UNKNOWN)),
                finalValue(null)).clean());
    }

    @Test
    void aValueNoPutWroteOrAFailedPutWroteIsUnexplained() {
        // The store must not invent values nor apply a write it reported as failed.
        List<Operation> history = List.of(put("a", 0, 10, Outcome.FAIL));
        assertEquals(1, LostWrites.check(history, finalValue("zzz")).unexplained().size());
        assertEquals(1, LostWrites.check(history, finalValue("a")).unexplained().size());
    }

    @Test
    void aSwappedCasCountsAsAnAcknowledgedPut() {
        // Proves an ok cas is a write: it explains a final value, and showing an older value
        // after it completed loses it.
        List<Operation> history = List.of(put("a", 0, 10, Outcome.OK),
                cas("a", "b", 20, 30, Outcome.OK));
        assertTrue(LostWrites.check(history, finalValue("b")).clean());
        LostWrites.Verdict verdict = LostWrites.check(history, finalValue("a"));
        assertEquals(List.of("b"),
                verdict.lost().stream().map(lost -> lost.put().value()).toList());
    }

    @Test
    void aCasThatDidNotSwapWritesNothing() {
        // Proves a non-swapped cas (recorded FAIL) loses nothing and must not be the final value.
        List<Operation> history = List.of(put("a", 0, 10, Outcome.OK),
                cas("x", "b", 20, 30, Outcome.FAIL));
        assertTrue(LostWrites.check(history, finalValue("a")).clean());
        assertEquals(1, LostWrites.check(history, finalValue("b")).unexplained().size());
    }

    @Test
    void appendsNeitherExplainNorLoseAFinalValue() {
        // Proves appends are no puts: an ok append of the final value's text does not explain
        // it, and an ok append after the writer completed is not a lost write. The recorder
        // keeps appends out of the key/value history the check reads.
        List<Operation> history = RecordedOperations.putAndAppend("k", "a", "z", 3).history()
                .operations();
        assertTrue(LostWrites.check(history, finalValue("a")).clean());
        assertEquals(List.of("k=z (no put wrote it)"),
                LostWrites.check(history, finalValue("z")).unexplained());
    }
}
