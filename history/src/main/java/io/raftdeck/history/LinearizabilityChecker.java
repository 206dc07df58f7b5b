package io.raftdeck.history;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a client history of the key/value store for linearizability: is there one order of
 * the operations, each placed between its invocation and its completion, in which every key
 * behaves as a register? Each key is checked alone ({@link History#byKey}) with the Wing–Gong
 * and Lowe search ({@link LinearizationSearch}); both the search and the shrinking of a
 * failure have step budgets, so a hard history ends in {@link Verdict#UNKNOWN}, never a hang.
 */
public final class LinearizabilityChecker {

    /**
     * Search steps per key. A linearizable history with a handful of clients needs about two
     * steps per operation; proving a violation takes more. Memory grows with steps (at most one
     * explored state, about 90 bytes, per step), so this bounds the heap too: about 100 MB.
     */
    public static final long DEFAULT_STEPS_PER_KEY = 1_000_000;
    /** Steps spent on shrinking a failure into the smallest failing part. */
    public static final long DEFAULT_SHRINK_STEPS = 5_000_000;

    private final long stepsPerKey;
    private final long shrinkSteps;

    public LinearizabilityChecker() {
        this(DEFAULT_STEPS_PER_KEY, DEFAULT_SHRINK_STEPS);
    }

    public LinearizabilityChecker(long stepsPerKey, long shrinkSteps) {
        if (stepsPerKey < 1 || shrinkSteps < 0) {
            throw new IllegalArgumentException("step budgets must be positive, not "
                    + stepsPerKey + " and " + shrinkSteps);
        }
        this.stepsPerKey = stepsPerKey;
        this.shrinkSteps = shrinkSteps;
    }

    public CheckResult check(History history) {
        Map<String, Verdict> verdicts = new HashMap<>();
        Map<String, List<Operation>> parts = history.byKey();
        long steps = 0;
        String failingKey = null;
        for (Map.Entry<String, List<Operation>> part : parts.entrySet()) {
            SearchOutcome outcome = LinearizationSearch.run(part.getValue(), stepsPerKey);
            verdicts.put(part.getKey(), outcome.verdict());
            steps += outcome.steps();
            if (failingKey == null && outcome.verdict() == Verdict.NOT_LINEARIZABLE) {
                failingKey = part.getKey();
            }
        }
        if (failingKey == null) {
            Verdict verdict = verdicts.containsValue(Verdict.UNKNOWN) ? Verdict.UNKNOWN
                    : Verdict.LINEARIZABLE;
            return new CheckResult(verdict, verdicts, history.size(), null, 0, List.of(), steps,
                    0);
        }
        List<Operation> failing = parts.get(failingKey);
        HistoryShrinker shrinker = new HistoryShrinker(failing, shrinkSteps);
        List<Operation> smallest = shrinker.shrink();
        return new CheckResult(Verdict.NOT_LINEARIZABLE, verdicts, history.size(), failingKey,
                failing.size(), smallest, steps, shrinker.stepsSpent());
    }
}
