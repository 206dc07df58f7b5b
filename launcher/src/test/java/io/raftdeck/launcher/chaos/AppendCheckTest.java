package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftdeck.history.AppendCheckResult;
import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.ObservedLog;
import io.raftdeck.launcher.chaos.Operation.Kind;
import io.raftdeck.launcher.chaos.Operation.Outcome;
import io.raftdeck.proto.seed.ClientResponseMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppendCheckTest {

    private static ClientResponseMessage answer(boolean success, String message) {
        return ClientResponseMessage.newBuilder().setSuccess(success).setMessage(message)
                .build();
    }

    @Test
    void aSeedAnswerMapsToTheOutcomeItPromises() {
        // Proves the rules of the contract: success is ok, "outcome unknown..." is unknown,
        // any other refusal is failed (definitely not in the log).
        assertEquals(Outcome.OK, AppendClient.outcome(answer(true,
                "committed at index 7 in term 2")));
        assertEquals(Outcome.UNKNOWN, AppendClient.outcome(answer(false,
                "outcome unknown: the leader lost its term")));
        assertEquals(Outcome.FAIL, AppendClient.outcome(answer(false, "No leader available")));
        assertEquals(Outcome.FAIL, AppendClient.outcome(answer(false, "")));
    }

    @Test
    void theIndexAnOkAnswerNamesIsRead() {
        // Proves rule (e) gets its input: the index from "committed at index N in term T".
        assertEquals(41, AppendCheck.answeredIndex("committed at index 41 in term 3"));
        assertEquals(AppendOperation.NO_INDEX, AppendCheck.answeredIndex("committed"));
        assertEquals(AppendOperation.NO_INDEX, AppendCheck.answeredIndex(null));
        assertEquals(AppendOperation.NO_INDEX,
                AppendCheck.answeredIndex("committed at index 99999999999999999999 in term 1"));
    }

    @Test
    void onlyAppendsAreCheckedAndAnOkOneIsHeldToItsIndex() {
        // Proves the hand-over: puts are left out, a duplicate and a refused-but-present
        // append in the chaos history reach the checker as such.
        List<Operation> history = List.of(
                new Operation(1, Kind.PUT, "k1", "c1-1", 0, 5, Outcome.OK, null),
                new Operation(6, Kind.APPEND, null, "a6-1", 0, 10, Outcome.OK,
                        "committed at index 2 in term 1"),
                new Operation(6, Kind.APPEND, null, "a6-2", 11, 20, Outcome.FAIL,
                        "No leader available"));
        ObservedLog log = ObservedLog.of(2, 5, Map.of(2L, "a6-1", 3L, "set k1=c1-1 [client "
                + "1f #1]", 4L, "a6-1", 5L, "a6-2"));
        AppendCheckResult result = AppendCheck.check(history, log, 0);
        assertEquals(2, result.appends());
        assertEquals(1, result.duplicates().size());
        assertEquals(List.of(2L, 4L), result.duplicates().get(0).indexes());
        assertEquals(1, result.refusedButPresent().size());
        assertEquals(2, result.anomalies().size(), result.anomalies()::toString);
    }

    @Test
    void timesGoOverAsNanosecondsSinceTheWorkloadStarted() {
        // Proves an anomaly's times match the history file's, which counts from the start.
        List<AppendOperation> appends = AppendCheck.appends(List.of(new Operation(6,
                Kind.APPEND, null, "a6-1", 1_000_100, 1_000_250, Outcome.UNKNOWN, "x")),
                1_000_000);
        assertEquals(100, appends.get(0).invokeTime());
        assertEquals(250, appends.get(0).completeTime());
    }
}
