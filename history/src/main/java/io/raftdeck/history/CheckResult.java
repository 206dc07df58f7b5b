package io.raftdeck.history;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The checker's conclusion about a whole history.
 *
 * @param verdict              NOT_LINEARIZABLE if any key is; else UNKNOWN if the search gave
 *                             up on any key; else LINEARIZABLE
 * @param keys                 each key's own verdict, keys in sorted order
 * @param operations           operations in the history
 * @param failingKey           the first key (in sorted order) that is not linearizable; null
 *                             when none is
 * @param failingKeyOperations how many operations that key had
 * @param smallestFailure      the smallest part of that key's operations found that is still
 *                             not linearizable, in invocation order; empty when none failed
 * @param steps                search steps spent deciding, over all keys
 * @param shrinkSteps          search steps spent shrinking the failure
 */
public record CheckResult(Verdict verdict, Map<String, Verdict> keys, int operations,
                          String failingKey, int failingKeyOperations,
                          List<Operation> smallestFailure, long steps, long shrinkSteps) {

    public CheckResult {
        keys = Map.copyOf(keys);
        smallestFailure = List.copyOf(smallestFailure);
    }

    public boolean isLinearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    /** Keys with {@code verdict}, sorted. */
    public List<String> keysWith(Verdict verdict) {
        return keys.entrySet().stream().filter(entry -> entry.getValue() == verdict)
                .map(Map.Entry::getKey).sorted().collect(Collectors.toList());
    }

    /** A few lines for a person: the verdict, and on a violation the failing operations. */
    public String report() {
        String summary = operations + " operations over " + keys.size() + " keys, " + steps
                + " search steps";
        return switch (verdict) {
            case LINEARIZABLE -> "linearizable: " + summary;
            case UNKNOWN -> "unknown: the search gave up within its budget on keys "
                    + keysWith(Verdict.UNKNOWN) + "; every other key is linearizable ("
                    + summary + ")";
            case NOT_LINEARIZABLE -> "NOT linearizable: keys " + keysWith(verdict) + " ("
                    + summary + ", " + shrinkSteps + " more shrinking)\nkey " + failingKey
                    + " has " + failingKeyOperations
                    + " operations; the smallest part found that no order explains ("
                    + smallestFailure.size() + " operations):\n"
                    + OperationFormat.lines(smallestFailure);
        };
    }
}
