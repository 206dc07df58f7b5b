package io.raftdeck.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link UniqueAppends} found: every anomaly by rule, and what the log's gaps kept it
 * from verifying. Gaps are never anomalies; they are only counted.
 *
 * @param appends           the appends checked
 * @param present           of them, how many the observed log holds at least once, by
 *                          outcome (an outcome none of them had is left out)
 * @param duplicates        rule (a): appends whose command the log holds more than once
 * @param lost              rule (b): OK appends absent from a log that covers their position
 * @param refusedButPresent rule (c): FAIL appends the log holds
 * @param orderViolations   rule (d): appends in the log before one that completed before
 *                          they were invoked
 * @param wrongIndexes      rule (e): OK appends the log holds at another index than the one
 *                          their answer named
 * @param coverage          how much of the span was seen, and what could not be verified
 */
public record AppendCheckResult(int appends, Map<Outcome, Integer> present,
                                List<Duplicate> duplicates,
                                List<Lost> lost, List<RefusedButPresent> refusedButPresent,
                                List<OrderViolation> orderViolations,
                                List<WrongIndex> wrongIndexes, Coverage coverage) {

    /** A command the log holds at several indexes, sorted. */
    public record Duplicate(AppendOperation append, List<Long> indexes) {
        public Duplicate {
            indexes = List.copyOf(indexes);
        }
    }

    /**
     * An acknowledged append the log does not hold. {@code heldThere}: what the index its
     * answer named holds instead, or null when the answer named none (the whole span was seen).
     */
    public record Lost(AppendOperation append, String heldThere) {
    }

    /** A refused append the log holds (at its lowest index). */
    public record RefusedButPresent(AppendOperation append, long index) {
    }

    /**
     * {@code earlier} completed before {@code later} was invoked, yet the log holds later
     * first. Of all appends that completed before later's invocation, earlier is the one with
     * the highest index, the plainest witness.
     */
    public record OrderViolation(AppendOperation earlier, long earlierIndex,
                                 AppendOperation later, long laterIndex) {
    }

    /** An acknowledged append at another index than the one its answer named. */
    public record WrongIndex(AppendOperation append, long index) {
    }

    /**
     * @param observedIndexes indexes of the span that were seen
     * @param spanIndexes     indexes in the span
     * @param unverifiedOk    OK appends absent from what was seen whose position was not
     *                        seen: they may be there, or lost
     * @param unverifiedFailed FAIL appends absent from what was seen, in a log with gaps:
     *                        they may hide in one
     */
    public record Coverage(long observedIndexes, long spanIndexes, int unverifiedOk,
                           int unverifiedFailed) {
    }

    public AppendCheckResult {
        present = Map.copyOf(present);
        duplicates = List.copyOf(duplicates);
        lost = List.copyOf(lost);
        refusedButPresent = List.copyOf(refusedButPresent);
        orderViolations = List.copyOf(orderViolations);
        wrongIndexes = List.copyOf(wrongIndexes);
    }

    /** How many appends with {@code outcome} the observed log holds. */
    public int present(Outcome outcome) {
        return present.getOrDefault(outcome, 0);
    }

    public boolean clean() {
        return duplicates.isEmpty() && lost.isEmpty() && refusedButPresent.isEmpty()
                && orderViolations.isEmpty() && wrongIndexes.isEmpty();
    }

    /** One line per anomaly, rule by rule. */
    public List<String> anomalies() {
        List<String> lines = new ArrayList<>();
        duplicates.forEach(duplicate -> lines.add("duplicate append: " + duplicate.append()
                + " is in the log " + duplicate.indexes().size() + " times, at indexes "
                + duplicate.indexes()));
        lost.forEach(lost -> lines.add("acknowledged append lost: " + lost.append()
                + (lost.heldThere() == null ? " is nowhere in a log seen without gaps"
                        : " is not in the log; index " + lost.append().answeredIndex()
                                + " holds \"" + lost.heldThere() + "\"")));
        refusedButPresent.forEach(refused -> lines.add("refused append in the log: "
                + refused.append() + " is at index " + refused.index()));
        orderViolations.forEach(violation -> lines.add("append order violated: "
                + violation.later() + " is at index " + violation.laterIndex() + ", before "
                + violation.earlier() + " at index " + violation.earlierIndex()
                + ", which completed before it was sent"));
        wrongIndexes.forEach(wrong -> lines.add("append at another index than answered: "
                + wrong.append() + " is at index " + wrong.index()));
        return lines;
    }
}
