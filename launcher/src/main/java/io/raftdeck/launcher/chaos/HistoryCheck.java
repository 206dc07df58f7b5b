package io.raftdeck.launcher.chaos;

import io.raftdeck.history.History;
import io.raftdeck.history.LinearizabilityChecker;
import io.raftdeck.history.OperationKind;
import io.raftdeck.history.Outcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The chaos run's linearizability verdict: its recorded operations handed to the project's
 * Wing-Gong/Lowe checker ({@link LinearizabilityChecker}), final reads included. The text
 * starts with "NOT linearizable" on a violation, which the report counts as an anomaly; a
 * search that gave up within its budget says "unknown" and is reported, not counted. A cas
 * that did not swap is recorded as failed, so the checker treats it as never having happened.
 * Appends are left out: they write the log, not a key ({@link AppendCheck} judges them).
 */
final class HistoryCheck {

    private HistoryCheck() {
    }

    static String verdict(List<Operation> operations) {
        return new LinearizabilityChecker().check(toHistory(operations)).report();
    }

    static History toHistory(List<Operation> operations) {
        List<io.raftdeck.history.Operation> converted = new ArrayList<>(operations.size());
        long id = 0;
        for (Operation operation : operations) {
            if (!operation.isAppend()) {
                converted.add(convert(id++, operation));
            }
        }
        return new History(converted);
    }

    private static io.raftdeck.history.Operation convert(long id, Operation operation) {
        OperationKind kind = switch (operation.kind()) {
            case PUT -> OperationKind.PUT;
            case GET -> OperationKind.GET;
            case CAS -> OperationKind.CAS;
            case APPEND -> throw new IllegalArgumentException("an append has no key to check");
        };
        Outcome outcome = switch (operation.outcome()) {
            case OK -> Outcome.OK;
            case FAIL -> Outcome.FAIL;
            case UNKNOWN -> Outcome.UNKNOWN;
        };
        String result = kind == OperationKind.GET && outcome == Outcome.OK
                ? operation.result() : null;
        long completeTime = Math.max(operation.invokeNanos(), operation.completeNanos());
        return new io.raftdeck.history.Operation(id, operation.process(),
                kind, operation.key(), operation.isWrite() ? operation.value() : null,
                kind == OperationKind.CAS ? operation.expected() : null, result, outcome,
                operation.invokeNanos(), completeTime);
    }
}
