package io.raftdeck.console.poller;

import io.raftdeck.console.model.NodeView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The cut links of the cluster as one value: the unordered node pairs between which some node
 * reports a cut. A pair counts when either end reports it, so a node that dies or restarts
 * with a fresh link table does not make a partition look healed while its peers still cut it.
 */
record NetworkCuts(SortedSet<Long> pairs) {

    static final NetworkCuts NONE = new NetworkCuts(new TreeSet<>());

    static NetworkCuts of(List<NodeView> nodes) {
        SortedSet<Long> pairs = new TreeSet<>();
        for (NodeView node : nodes) {
            if (node.answers()) {
                for (int peer : node.state().cutLinks()) {
                    pairs.add(pair(node.id(), peer));
                }
            }
        }
        return new NetworkCuts(pairs);
    }

    boolean isEmpty() {
        return pairs.isEmpty();
    }

    boolean cut(int a, int b) {
        return pairs.contains(pair(a, b));
    }

    /** The groups of nodes that can still reach each other (connected components). */
    List<SortedSet<Integer>> groups(Collection<Integer> ids) {
        List<SortedSet<Integer>> groups = new ArrayList<>();
        Set<Integer> placed = new TreeSet<>();
        for (int start : new TreeSet<>(ids)) {
            if (placed.add(start)) {
                SortedSet<Integer> group = new TreeSet<>(List.of(start));
                grow(group, ids, placed);
                groups.add(group);
            }
        }
        return groups;
    }

    /** "{3} | {1,2,4,5}" when the cluster is split, else the cut pairs like "1-3, 2-3". */
    String describe(Collection<Integer> ids) {
        List<SortedSet<Integer>> groups = groups(ids);
        if (groups.size() > 1) {
            return "network split: " + groups.stream()
                    .map(group -> group.stream().map(String::valueOf)
                            .collect(Collectors.joining(",", "{", "}")))
                    .collect(Collectors.joining(" | "));
        }
        return "links cut: " + pairs.stream()
                .map(pair -> (pair >>> 32) + "-" + (pair & 0xffff_ffffL))
                .collect(Collectors.joining(", "));
    }

    private void grow(SortedSet<Integer> group, Collection<Integer> ids, Set<Integer> placed) {
        List<Integer> frontier = new ArrayList<>(group);
        while (!frontier.isEmpty()) {
            int from = frontier.remove(frontier.size() - 1);
            for (int to : ids) {
                if (!placed.contains(to) && !cut(from, to)) {
                    placed.add(to);
                    group.add(to);
                    frontier.add(to);
                }
            }
        }
    }

    private static long pair(int a, int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        return ((long) low << 32) | (high & 0xffff_ffffL);
    }
}
