package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.history.History;
import io.raftdeck.history.Operation;
import io.raftdeck.history.OperationKind;
import io.raftdeck.history.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettledPrefixTest {

    private static Operation put(long invoke, long complete, String value) {
        return RecordedOperations.put(1, "k1", value, invoke, complete, Outcome.OK);
    }

    private static Operation get(long invoke, long complete, String result) {
        return RecordedOperations.get(2, "k1", result, invoke, complete);
    }

    private static List<Operation> prefix(List<Operation> operations, long cut) {
        return SettledPrefix.of(new History(operations), cut).operations();
    }

    @Test
    void keepsWritesInvokedBeforeTheCutAndOnlyReadsDoneByIt() {
        // Proves the cut keeps every write begun before it, drops reads still open at it
        // (they may have seen a later write) and drops everything begun after it.
        Operation earlyPut = put(10, 20, "a");
        Operation lateCompletingPut = put(90, 150, "b");
        Operation doneRead = get(30, 40, "a");
        Operation openRead = get(95, 160, "c");
        Operation laterPut = put(120, 130, "c");
        List<Operation> kept = prefix(
                List.of(earlyPut, doneRead, laterPut, lateCompletingPut, openRead), 100);
        assertEquals(List.of(earlyPut, doneRead, lateCompletingPut), kept);
    }

    @Test
    void aReadOfAnInFlightWriteIsNotAFalseViolation() {
        // Proves the settled prefix avoids the false alarm the raw recorded history raises
        // when a read saw a write whose answer had not come back yet: with the cut a request
        // deadline back, the read waits until the write is recorded too.
        Operation write = put(50, 400, "x");
        Operation readSeeingIt = get(60, 70, "x");
        History recordedAt200 = new History(List.of(readSeeingIt));
        assertTrue(HistoryCheck.verdict(recordedAt200).startsWith("NOT linearizable"));
        assertEquals(List.of(), SettledPrefix.of(recordedAt200, 40).operations());
        History recordedAt500 = new History(List.of(readSeeingIt, write));
        assertEquals(recordedAt500.operations(),
                SettledPrefix.of(recordedAt500, 450).operations());
        assertTrue(HistoryCheck.verdict(SettledPrefix.of(recordedAt500, 450))
                .startsWith("linearizable"));
    }

    @Test
    void casCompletingAfterTheCutIsKeptOnlyAsAnUnknownPut() {
        // Proves a cas that straddles the cut cannot make the live check report a violation
        // because the write it expected was left out: it is kept as a put of unknown outcome.
        Operation cas = RecordedOperations.cas(1, "k1", "c2-7", "c1-2", 10, 200, Outcome.OK);
        History prefix = SettledPrefix.of(new History(List.of(cas)), 100);
        assertEquals(1, prefix.size());
        assertEquals(OperationKind.PUT, prefix.operations().get(0).kind());
        assertEquals(Outcome.UNKNOWN, prefix.operations().get(0).outcome());
        assertEquals("c1-2", prefix.operations().get(0).value());
        assertTrue(HistoryCheck.verdict(prefix).startsWith("linearizable"));
    }
}
