package io.raftdeck.history;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Cuts a non-linearizable history of one key down to a small part that is still not
 * linearizable, so a person can see the anomaly. In turn: the shortest failing prefix and then
 * the shortest failing suffix of that (binary searches: anomalies are local in time), then
 * delta debugging that drops ever smaller runs of operations down to single ones while the
 * rest still fails, runs of reads first and then of any operations. Every part tried must keep
 * the writes that explain it ({@link ExplainingWrites}), so the result is a true witness; it is
 * 1-minimal when the budget allows: dropping any one more operation would make it
 * linearizable or unexplained.
 */
final class HistoryShrinker {

    private final List<Operation> failing;
    private final ExplainingWrites explaining;
    private final long stepBudget;
    private long remainingSteps;

    /**
     * @param failing    one key's operations, known not to be linearizable
     * @param stepBudget search steps to spend in all; each part tried also costs its size
     */
    HistoryShrinker(List<Operation> failing, long stepBudget) {
        this.failing = failing;
        this.explaining = new ExplainingWrites(failing);
        this.stepBudget = stepBudget;
        this.remainingSteps = stepBudget;
    }

    /**
     * A failing part of the operations, in the same order; all of them (less reads that
     * returned nothing) when nothing smaller was found within the budget.
     */
    List<Operation> shrink() {
        List<Operation> relevant = new ArrayList<>();
        for (Operation operation : failing) {
            // Reads that returned nothing constrain nothing: they never explain a failure.
            if (operation.isWrite() || operation.outcome() == Outcome.OK) {
                relevant.add(operation);
            }
        }
        List<Operation> window = shortestFailingSuffix(shortestFailingPrefix(relevant));
        // Reads first: no part needs a read, so whole runs of them go at once. With few reads
        // left, few writes are needed to explain them, and dropping writes gets easier.
        List<Operation> fewReads = dropRuns(window, operation -> !operation.isWrite());
        return dropRuns(fewReads, operation -> true);
    }

    long stepsSpent() {
        return stepBudget - Math.max(0, remainingSteps);
    }

    private List<Operation> shortestFailingPrefix(List<Operation> operations) {
        int low = 1;
        int high = operations.size();
        while (low < high && remainingSteps > 0) {
            int middle = (low + high) >>> 1;
            if (stillFails(operations.subList(0, middle))) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return operations.subList(0, high);
    }

    private List<Operation> shortestFailingSuffix(List<Operation> operations) {
        int low = 0;
        int high = operations.size() - 1;
        while (low < high && remainingSteps > 0) {
            int middle = (low + high + 1) >>> 1;
            if (stillFails(operations.subList(middle, operations.size()))) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return new ArrayList<>(operations.subList(low, operations.size()));
    }

    /** Delta debugging: drops runs of droppable operations, halving the run length. */
    private List<Operation> dropRuns(List<Operation> operations, Predicate<Operation> droppable) {
        List<Operation> candidates = new ArrayList<>();
        for (Operation operation : operations) {
            if (droppable.test(operation)) {
                candidates.add(operation);
            }
        }
        int run = Math.max(1, candidates.size() / 2);
        while (remainingSteps > 0) {
            boolean dropped = false;
            int start = 0;
            while (start < candidates.size() && remainingSteps > 0) {
                List<Operation> cut = candidates.subList(start,
                        Math.min(candidates.size(), start + run));
                List<Operation> rest = without(operations, new HashSet<>(cut));
                if (!rest.isEmpty() && stillFails(rest)) {
                    operations = rest;
                    cut.clear();
                    dropped = true;
                } else {
                    start += run;
                }
            }
            if (run > 1) {
                run /= 2;
            } else if (!dropped) {
                break;
            }
        }
        return operations;
    }

    private static List<Operation> without(List<Operation> operations, Set<Operation> cut) {
        List<Operation> rest = new ArrayList<>(operations.size());
        for (Operation operation : operations) {
            if (!cut.contains(operation)) {
                rest.add(operation);
            }
        }
        return rest;
    }

    private boolean stillFails(List<Operation> part) {
        remainingSteps -= part.size();
        if (remainingSteps <= 0 || !explaining.explains(part)) {
            return false;
        }
        SearchOutcome outcome = LinearizationSearch.run(part, remainingSteps);
        remainingSteps -= outcome.steps();
        return outcome.verdict() == Verdict.NOT_LINEARIZABLE;
    }
}
