package io.raftdeck.launcher.chaos;

import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.HistoryRecorder;
import io.raftdeck.history.Operation;
import io.raftdeck.history.OperationKind;
import io.raftdeck.history.Outcome;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Operations as the chaos clients record them, written by hand with explicit times (ns since
 * the workload started), for the chaos checks' tests. Ids count up across all of them.
 */
final class RecordedOperations {

    private static final AtomicLong IDS = new AtomicLong();

    private RecordedOperations() {
    }

    static Operation put(int process, String key, String value, long invoke, long complete,
            Outcome outcome) {
        return new Operation(IDS.incrementAndGet(), process, OperationKind.PUT, key, value, null,
                null, outcome, invoke, complete);
    }

    /** A cas from {@code expected} (null: the key absent); a missed one records FAIL. */
    static Operation cas(int process, String key, String expected, String value, long invoke,
            long complete, Outcome outcome) {
        return new Operation(IDS.incrementAndGet(), process, OperationKind.CAS, key, value,
                expected, null, outcome, invoke, complete);
    }

    /** A get answered with {@code result} (null: the key was absent). */
    static Operation get(int process, String key, String result, long invoke, long complete) {
        return new Operation(IDS.incrementAndGet(), process, OperationKind.GET, key, null, null,
                result, Outcome.OK, invoke, complete);
    }

    /** An append with the answer it got; an ok answer's index is read as the client does. */
    static AppendOperation append(int process, String command, long invoke, long complete,
            Outcome outcome, String answer) {
        return new AppendOperation(IDS.incrementAndGet(), process, command, outcome, invoke,
                complete, outcome == Outcome.OK ? AppendClient.answeredIndex(answer)
                        : AppendOperation.NO_INDEX, answer);
    }

    /**
     * A chaos run's recorder holding an ok put of {@code value} to {@code key} by client 1 and
     * an ok append of {@code command} by client 6, answered at {@code index}.
     */
    static HistoryRecorder putAndAppend(String key, String value, String command, long index) {
        HistoryRecorder recorder = ChaosLoad.recorder(System.nanoTime());
        recorder.ok(recorder.invoke(1, OperationKind.PUT, key, value, null));
        long append = recorder.invokeAppend(6, command);
        recorder.completeAppend(append, Outcome.OK, index,
                "committed at index " + index + " in term 1");
        return recorder;
    }
}
