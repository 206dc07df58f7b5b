package io.raftdeck.console.actions;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which links each node should cut for a fault action, decided before any RPC is sent. Links
 * are always cut on both ends, so the partition holds even when one end restarts with an empty
 * link table.
 *
 * @param description what the plan does, for the user
 * @param cutsByNode  node id to the full set of peers it must cut (SetLinks replaces the set)
 */
public record LinkPlan(String description, SortedMap<Integer, SortedSet<Integer>> cutsByNode) {

    /**
     * Cuts {@code isolated} off from everyone, keeping the cuts the others already have.
     *
     * @param currentCuts each node's cut set as last reported (missing when unknown)
     */
    public static LinkPlan isolate(int isolated, Collection<Integer> ids,
            Map<Integer, List<Integer>> currentCuts) {
        requireMember(isolated, ids);
        SortedMap<Integer, SortedSet<Integer>> cuts = new TreeMap<>();
        for (int id : ids) {
            SortedSet<Integer> cut = new TreeSet<>();
            if (id == isolated) {
                cut.addAll(ids);
                cut.remove(isolated);
            } else {
                cut.addAll(currentCuts.getOrDefault(id, List.of()));
                cut.add(isolated);
            }
            cuts.put(id, cut);
        }
        return new LinkPlan("isolate node " + isolated, cuts);
    }

    /**
     * Splits the cluster in two: a minority holding {@code selected} and the next ids after it
     * (wrapping around), and a majority of the rest. Any earlier cut is replaced.
     */
    public static LinkPlan split(int selected, Collection<Integer> ids) {
        requireMember(selected, ids);
        if (ids.size() < 2) {
            throw new IllegalArgumentException("a split needs at least two nodes");
        }
        SortedSet<Integer> minority = minority(selected, ids);
        SortedSet<Integer> majority = new TreeSet<>(ids);
        majority.removeAll(minority);
        SortedMap<Integer, SortedSet<Integer>> cuts = new TreeMap<>();
        for (int id : ids) {
            cuts.put(id, new TreeSet<>(minority.contains(id) ? majority : minority));
        }
        return new LinkPlan("split " + group(majority) + " | " + group(minority), cuts);
    }

    /** Restores every link on every node. */
    public static LinkPlan heal(Collection<Integer> ids) {
        SortedMap<Integer, SortedSet<Integer>> cuts = new TreeMap<>();
        ids.forEach(id -> cuts.put(id, new TreeSet<>()));
        return new LinkPlan("heal every link", cuts);
    }

    /** The largest group smaller than a majority, holding {@code selected}. */
    static SortedSet<Integer> minority(int selected, Collection<Integer> ids) {
        List<Integer> ordered = new TreeSet<>(ids).stream().toList();
        int size = Math.max(1, (ordered.size() - 1) / 2);
        int start = ordered.indexOf(selected);
        SortedSet<Integer> minority = new TreeSet<>();
        for (int step = 0; step < size; step++) {
            minority.add(ordered.get((start + step) % ordered.size()));
        }
        return minority;
    }

    private static String group(SortedSet<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    private static void requireMember(int id, Collection<Integer> ids) {
        if (!ids.contains(id)) {
            throw new IllegalArgumentException("node " + id + " is not a member");
        }
    }
}
