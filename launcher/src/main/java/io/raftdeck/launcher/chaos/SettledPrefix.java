package io.raftdeck.launcher.chaos;

import io.raftdeck.history.History;
import io.raftdeck.history.Operation;
import io.raftdeck.history.OperationKind;
import io.raftdeck.history.Outcome;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The part of a growing history that can be checked while clients still run. Operations still
 * in flight have no completion yet, and a completed read may have seen one of their writes
 * before the history shows it, so checking everything recorded as it stands could report a
 * violation that is not there.
 *
 * <p>Cut at time C, long enough ago that every operation invoked before C has completed (each
 * request has a deadline). Keep every operation invoked before C, except reads completing
 * after C: a kept read completed before C, so the write it saw was invoked before C and is
 * kept too. Leaving out later operations and some reads keeps a linearizable history
 * linearizable, so a violation found here is real.
 */
final class SettledPrefix {

    private SettledPrefix() {
    }

    /** How far back the cut lies: past any request's deadline, with a margin. */
    static long settleNanos(long requestTimeoutMs) {
        return TimeUnit.MILLISECONDS.toNanos(2 * requestTimeoutMs + 1_000);
    }

    /** @param cutNanos the cut, in the history's time (ns since the workload started) */
    static History of(History history, long cutNanos) {
        return new History(history.operations().stream()
                .filter(operation -> operation.invokeTime() < cutNanos)
                .filter(operation -> operation.kind() != OperationKind.GET
                        || operation.completeTime() < cutNanos)
                .map(operation -> straddling(operation, cutNanos))
                .toList());
    }

    /**
     * A cas completing after the cut also read: the write it expected may have been invoked
     * after the cut and left out. Kept as a put of unknown outcome, it can still explain what
     * reads saw, and asks nothing of the writes before it: only ever a looser history.
     */
    private static Operation straddling(Operation operation, long cutNanos) {
        if (operation.kind() != OperationKind.CAS || operation.completeTime() < cutNanos
                || operation.outcome() == Outcome.FAIL) {
            return operation;
        }
        return new Operation(operation.id(), operation.process(), OperationKind.PUT,
                operation.key(), operation.value(), null, null, Outcome.UNKNOWN,
                operation.invokeTime(), operation.completeTime());
    }
}
