package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.history.AppendCheckResult;
import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.HistoryRecorder;
import io.raftdeck.history.ObservedLog;
import io.raftdeck.history.Outcome;
import io.raftdeck.history.UniqueAppends;
import io.raftdeck.proto.seed.ClientResponseMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppendClientTest {

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
        assertEquals(41, AppendClient.answeredIndex("committed at index 41 in term 3"));
        assertEquals(AppendOperation.NO_INDEX, AppendClient.answeredIndex("committed"));
        assertEquals(AppendOperation.NO_INDEX, AppendClient.answeredIndex(null));
        assertEquals(AppendOperation.NO_INDEX,
                AppendClient.answeredIndex("committed at index 99999999999999999999 in term 1"));
    }

    @Test
    void onlyAppendsAreCheckedAndAnOkOneIsHeldToItsIndex() {
        // Proves the hand-over: puts are recorded apart, a duplicate and a refused-but-present
        // append in the chaos history reach the checker as such.
        HistoryRecorder recorder = RecordedOperations.putAndAppend("k1", "c1-1", "a6-1", 2);
        long refused = recorder.invokeAppend(6, "a6-2");
        recorder.completeAppend(refused, Outcome.FAIL, AppendOperation.NO_INDEX,
                "No leader available");
        ObservedLog log = ObservedLog.of(2, 5, Map.of(2L, "a6-1", 3L, "set k1=c1-1 [client "
                + "1f #1]", 4L, "a6-1", 5L, "a6-2"));
        AppendCheckResult result = UniqueAppends.check(recorder.appends(), log);
        assertEquals(2, result.appends());
        assertEquals(1, result.duplicates().size());
        assertEquals(List.of(2L, 4L), result.duplicates().get(0).indexes());
        assertEquals(1, result.refusedButPresent().size());
        assertEquals(2, result.anomalies().size(), result.anomalies()::toString);
    }

    @Test
    void timesGoOverAsNanosecondsSinceTheWorkloadStarted() {
        // Proves an anomaly's times match the history file's, which counts from the start.
        long startNanos = System.nanoTime() - 1_000_000;
        HistoryRecorder recorder = ChaosLoad.recorder(startNanos);
        long id = recorder.invokeAppend(6, "a6-1");
        recorder.completeAppend(id, Outcome.UNKNOWN, AppendOperation.NO_INDEX, "x");
        long elapsed = System.nanoTime() - startNanos;
        AppendOperation recorded = recorder.appends().get(0);
        assertTrue(recorded.invokeTime() >= 1_000_000 && recorded.completeTime() <= elapsed,
                recorded::toString);
    }
}
