package io.raftdeck.launcher.chaos;

import io.raftdeck.history.Operation;
import io.raftdeck.history.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Acknowledged writes that the final reads do not reflect. A cas counts as a put of its value:
 * one that swapped is an ok put, one that did not swap is failed (it wrote nothing). The rule,
 * per key, with every put writing a value no other put writes:
 *
 * <ul>
 *   <li>The final value names its writer W. An ok put P is lost when it was invoked after W
 *       completed: P then follows W in real time, so a linearizable store must show P's value
 *       or a later one, never W's. When W's outcome is unknown it may have applied at any time
 *       after its invocation, so it completes "never" and loses nothing.</li>
 *   <li>A key with no final value loses every ok put on it (the workload never deletes).</li>
 *   <li>A final value that no put wrote, or that a put reported as failed wrote, is
 *       unexplained: the store made it up or applied a write it said it refused.</li>
 * </ul>
 *
 * <p>This is a necessary condition of linearizability, not a full check: it only looks at the
 * end state. Stale reads during the run are the linearizability checker's job.
 */
public final class LostWrites {

    /** An ok put whose value, or a later one, the final read of its key does not show. */
    public record Lost(Operation put, String finalValue) {
    }

    /** What the final reads show against the history. */
    public record Verdict(List<Lost> lost, List<String> unexplained) {
        public boolean clean() {
            return lost.isEmpty() && unexplained.isEmpty();
        }
    }

    private LostWrites() {
    }

    /**
     * @param history     every key/value operation (final reads may be included; only puts
     *                    and cas count)
     * @param finalValues each key's value read after the run; a key mapped to null had none
     */
    public static Verdict check(List<Operation> history, Map<String, String> finalValues) {
        List<Lost> lost = new ArrayList<>();
        List<String> unexplained = new ArrayList<>();
        finalValues.forEach((key, finalValue) -> {
            List<Operation> puts = history.stream()
                    .filter(op -> op.isWrite() && op.key().equals(key))
                    .toList();
            long writerEndNanos = Long.MIN_VALUE;
            if (finalValue != null) {
                Optional<Operation> writer = puts.stream()
                        .filter(op -> finalValue.equals(op.value())).findFirst();
                if (writer.isEmpty() || writer.get().outcome() == Outcome.FAIL) {
                    unexplained.add(key + "=" + finalValue + (writer.isEmpty()
                            ? " (no put wrote it)" : " (written by a put reported as failed)"));
                    return;
                }
                writerEndNanos = writer.get().outcome() == Outcome.OK
                        ? writer.get().completeTime() : Long.MAX_VALUE;
            }
            for (Operation put : puts) {
                if (put.outcome() == Outcome.OK && !put.value().equals(finalValue)
                        && put.invokeTime() > writerEndNanos) {
                    lost.add(new Lost(put, finalValue));
                }
            }
        });
        return new Verdict(lost, unexplained);
    }
}
