package io.raftdeck.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks appends of unique commands against the committed log as observed. For an append-only
 * log whose elements are unique, linearizability comes down to five rules, each checked here:
 *
 * <ol type="a">
 *   <li>No command is in the log more than once: the client sent it once.</li>
 *   <li>An OK append is in the log (lost otherwise), when the log was seen where it must be:
 *       at the index its answer named, or, when it named none, over the whole span.</li>
 *   <li>A FAIL append is not in the log: its refusal was a promise.</li>
 *   <li>Real-time order: when append A completed before append B was invoked and both are in
 *       the log, A is at the lower index. An UNKNOWN or FAIL append that is in the log took
 *       effect at some time after its invocation, maybe after its client gave up, so it takes
 *       part only as the later append B, never as A.</li>
 *   <li>An OK append whose answer named index N is at N, not elsewhere.</li>
 * </ol>
 *
 * <p>An UNKNOWN append may be in the log once or not at all. What the gaps of the observed log
 * keep from view is counted in {@link AppendCheckResult.Coverage}, never called an anomaly.
 * A duplicated command takes part in (d) at its lowest index as A and its highest as B, the
 * most lenient choice, so that a duplicate is reported once, as a duplicate.
 *
 * <p>O(n log n) in the appends plus the observed entries: (d) is a sweep over invocation
 * times that keeps the highest index among appends completed before.
 */
public final class UniqueAppends {

    private UniqueAppends() {
    }

    /** Where one append is in the log: its indexes, ascending; empty when it is not. */
    private record Placed(AppendOperation append, List<Long> indexes) {
        long lowest() {
            return indexes.get(0);
        }

        long highest() {
            return indexes.get(indexes.size() - 1);
        }
    }

    /**
     * @param appends every append of the history; no two with the same command
     * @param log     the committed log seen over the span the appends can occupy
     */
    public static AppendCheckResult check(List<AppendOperation> appends, ObservedLog log) {
        List<Placed> placed = place(appends, log);
        List<AppendCheckResult.Duplicate> duplicates = new ArrayList<>();
        List<AppendCheckResult.Lost> lost = new ArrayList<>();
        List<AppendCheckResult.RefusedButPresent> refused = new ArrayList<>();
        List<AppendCheckResult.WrongIndex> wrongIndexes = new ArrayList<>();
        Map<Outcome, Integer> present = new EnumMap<>(Outcome.class);
        int unverifiedOk = 0;
        int unverifiedFailed = 0;
        for (Placed one : placed) {
            AppendOperation append = one.append();
            List<Long> indexes = one.indexes();
            if (!indexes.isEmpty()) {
                present.merge(append.outcome(), 1, Integer::sum);
            }
            if (indexes.size() > 1) {
                duplicates.add(new AppendCheckResult.Duplicate(append, indexes));
            }
            switch (append.outcome()) {
                case OK -> {
                    if (indexes.isEmpty()) {
                        if (positionSeen(append, log)) {
                            lost.add(new AppendCheckResult.Lost(append, append.namesIndex()
                                    ? log.commands().get(append.answeredIndex()) : null));
                        } else {
                            unverifiedOk++;
                        }
                    } else if (append.namesIndex() && !indexes.contains(append.answeredIndex())) {
                        wrongIndexes.add(new AppendCheckResult.WrongIndex(append, one.lowest()));
                    }
                }
                case FAIL -> {
                    if (!indexes.isEmpty()) {
                        refused.add(new AppendCheckResult.RefusedButPresent(append,
                                one.lowest()));
                    } else if (log.hasGaps()) {
                        unverifiedFailed++;
                    }
                }
                case UNKNOWN -> {
                    // Once or not at all are both allowed; twice is a duplicate, found above.
                }
            }
        }
        return new AppendCheckResult(appends.size(), present, duplicates, lost, refused,
                orderViolations(placed), wrongIndexes,
                new AppendCheckResult.Coverage(log.observedIndexes(), log.spanIndexes(),
                        unverifiedOk, unverifiedFailed));
    }

    /** Each append with the indexes the log holds its command at. */
    private static List<Placed> place(List<AppendOperation> appends, ObservedLog log) {
        Map<String, List<Long>> indexesOf = new HashMap<>();
        for (AppendOperation append : appends) {
            if (indexesOf.put(append.command(), new ArrayList<>()) != null) {
                throw new IllegalArgumentException("two appends send \"" + append.command()
                        + "\"; the commands of a history must be unique");
            }
        }
        // Ascending, so each list comes out sorted.
        log.commands().forEach((index, command) -> {
            List<Long> indexes = indexesOf.get(command);
            if (indexes != null) {
                indexes.add(index);
            }
        });
        List<Placed> placed = new ArrayList<>(appends.size());
        for (AppendOperation append : appends) {
            placed.add(new Placed(append, indexesOf.get(append.command())));
        }
        return placed;
    }

    /** Whether the log was seen everywhere an acknowledged append must be. */
    private static boolean positionSeen(AppendOperation append, ObservedLog log) {
        return append.namesIndex() ? log.covers(append.answeredIndex()) : !log.hasGaps();
    }

    /**
     * Rule (d) as a sweep: the appends in the log by invocation time, and beside them the OK
     * ones by completion time; for each append B, every A completed before B's invocation has
     * been passed, and the highest index among them must be lower than B's.
     */
    private static List<AppendCheckResult.OrderViolation> orderViolations(List<Placed> placed) {
        List<Placed> later = placed.stream().filter(one -> !one.indexes().isEmpty())
                .sorted(Comparator.comparingLong((Placed one) -> one.append().invokeTime()))
                .toList();
        List<Placed> earlier = later.stream()
                .filter(one -> one.append().outcome() == Outcome.OK)
                .sorted(Comparator.comparingLong((Placed one) -> one.append().completeTime()))
                .toList();
        List<AppendCheckResult.OrderViolation> violations = new ArrayList<>();
        Placed highest = null;
        int passed = 0;
        for (Placed b : later) {
            while (passed < earlier.size()
                    && earlier.get(passed).append().completeTime() < b.append().invokeTime()) {
                Placed a = earlier.get(passed++);
                if (highest == null || a.lowest() > highest.lowest()) {
                    highest = a;
                }
            }
            if (highest != null && highest.lowest() > b.highest()) {
                violations.add(new AppendCheckResult.OrderViolation(highest.append(),
                        highest.lowest(), b.append(), b.highest()));
            }
        }
        return violations;
    }
}
