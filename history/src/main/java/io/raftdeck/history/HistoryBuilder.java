package io.raftdeck.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a history by hand, one completed operation per call, with explicit times: for tests,
 * and for replaying a history read back from a report. Identifiers count up from 1.
 */
public final class HistoryBuilder {

    private final List<Operation> operations = new ArrayList<>();

    public HistoryBuilder put(int process, String key, String value, long invokeTime,
                              long completeTime, Outcome outcome) {
        return add(process, OperationKind.PUT, key, value, null, null, outcome, invokeTime,
                completeTime);
    }

    /** A GET that completed OK and read {@code result} (null: the key was absent). */
    public HistoryBuilder get(int process, String key, String result, long invokeTime,
                              long completeTime) {
        return add(process, OperationKind.GET, key, null, null, result, Outcome.OK, invokeTime,
                completeTime);
    }

    /** A GET that failed or timed out: it read nothing. */
    public HistoryBuilder get(int process, String key, long invokeTime, long completeTime,
                              Outcome outcome) {
        return add(process, OperationKind.GET, key, null, null, null, outcome, invokeTime,
                completeTime);
    }

    public HistoryBuilder cas(int process, String key, String expected, String value,
                              long invokeTime, long completeTime, Outcome outcome) {
        return add(process, OperationKind.CAS, key, value, expected, null, outcome, invokeTime,
                completeTime);
    }

    public HistoryBuilder delete(int process, String key, long invokeTime, long completeTime,
                                 Outcome outcome) {
        return add(process, OperationKind.DELETE, key, null, null, null, outcome, invokeTime,
                completeTime);
    }

    /** Any operation; the others are shorthands for this. */
    public HistoryBuilder add(int process, OperationKind kind, String key, String value,
                              String expected, String result, Outcome outcome, long invokeTime,
                              long completeTime) {
        operations.add(new Operation(operations.size() + 1, process, kind, key, value, expected,
                result, outcome, invokeTime, completeTime));
        return this;
    }

    public History build() {
        return new History(operations);
    }
}
