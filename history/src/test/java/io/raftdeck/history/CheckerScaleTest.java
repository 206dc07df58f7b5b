package io.raftdeck.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thousands of operations from five concurrent clients: the checker decides within a step
 * budget proportional to the history (a count, not wall time), both ways.
 */
class CheckerScaleTest {

    private static final int OPERATIONS = 4_000;
    private static final int KEYS = 4;
    private static final int PROCESSES = 5;
    /**
     * Per key: 25 steps per operation of the key. A linearizable history takes under two (a
     * search that barely backtracks); proving a violation takes more, as every order of the
     * operations before it must be ruled out.
     */
    private static final long STEPS_PER_KEY = 25L * OPERATIONS / KEYS;
    /** Shrinking tries dozens of parts, each a search of its own. */
    private static final long SHRINK_STEPS = 100L * OPERATIONS;

    @Test
    void largeConcurrentLinearizableHistoriesPassWithinTheStepBudget() {
        // Proves the memoized search scales: under two steps per operation, for every seed.
        LinearizabilityChecker checker = new LinearizabilityChecker(STEPS_PER_KEY, 0);
        long mostSteps = 0;
        for (long seed = 1; seed <= 10; seed++) {
            History history = GeneratedHistory.linearizable(seed, OPERATIONS, KEYS, PROCESSES);
            assertTrue(history.count(Outcome.UNKNOWN) > 0, "the workload has timeouts");
            CheckResult result = checker.check(history);
            assertEquals(Verdict.LINEARIZABLE, result.verdict(), "seed " + seed + ": "
                    + result.report());
            assertTrue(result.steps() <= 2L * OPERATIONS, "seed " + seed + " took "
                    + result.steps() + " steps");
            mostSteps = Math.max(mostSteps, result.steps());
        }
        System.out.printf("checker scale: %d operations, %d keys, %d clients: at most %d "
                + "steps per history%n", OPERATIONS, KEYS, PROCESSES, mostSteps);
    }

    @Test
    void oneStaleReadAmongThousandsIsFoundAndShrunkToItsCause() {
        // Proves a single anomaly is caught at scale and reported as a handful of operations.
        LinearizabilityChecker checker = new LinearizabilityChecker(STEPS_PER_KEY,
                SHRINK_STEPS);
        for (long seed = 1; seed <= 5; seed++) {
            History good = GeneratedHistory.linearizable(seed, OPERATIONS, KEYS, PROCESSES);
            List<Operation> operations = new ArrayList<>(good.operations());
            Operation stale = makeOneReadStale(operations);
            CheckResult result = checker.check(new History(operations));
            assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result.report());
            assertEquals(List.of(stale.key()), result.keysWith(Verdict.NOT_LINEARIZABLE));
            assertTrue(result.smallestFailure().contains(stale), result.report());
            assertTrue(result.smallestFailure().size() <= 6, result.report());
            if (seed == 1) {
                System.out.println("checker scale, injected stale read:\n" + result.report());
            }
        }
    }

    /**
     * Finds a read that began after a put P2 completed, where P2 began after another put P1
     * completed, and makes it return P1's value: P2 stands between, so no order explains it.
     */
    private static Operation makeOneReadStale(List<Operation> operations) {
        for (int g = operations.size() / 2; g < operations.size(); g++) {
            Operation read = operations.get(g);
            if (read.kind() != OperationKind.GET || read.outcome() != Outcome.OK) {
                continue;
            }
            Operation second = latestPutBefore(operations, read.key(), read.invokeTime());
            Operation first = second == null ? null
                    : latestPutBefore(operations, read.key(), second.invokeTime());
            if (first != null && !first.value().equals(read.result())) {
                Operation stale = new Operation(read.id(), read.process(), read.kind(),
                        read.key(), null, null, first.value(), Outcome.OK, read.invokeTime(),
                        read.completeTime());
                operations.set(g, stale);
                return stale;
            }
        }
        throw new AssertionError("the generated history has no read to make stale");
    }

    /** The OK put on {@code key} that completed last before {@code time}. */
    private static Operation latestPutBefore(List<Operation> operations, String key, long time) {
        Operation latest = null;
        for (Operation operation : operations) {
            boolean candidate = operation.kind() == OperationKind.PUT
                    && operation.outcome() == Outcome.OK && operation.key().equals(key)
                    && operation.completeTime() < time;
            if (candidate && (latest == null
                    || operation.completeTime() > latest.completeTime())) {
                latest = operation;
            }
        }
        return latest;
    }
}
