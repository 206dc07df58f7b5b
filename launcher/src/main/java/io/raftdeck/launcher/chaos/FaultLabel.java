package io.raftdeck.launcher.chaos;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A fault's name on the report page, as a reader of the cluster thinks of it: "kill node 3",
 * "partition {1,2}|{3,4,5}", "transfer 1→2". Link faults name both sides, so the page needs
 * the cluster's members.
 */
final class FaultLabel {

    private FaultLabel() {
    }

    static String of(InjectedFault fault, List<Integer> members) {
        List<Integer> nodes = fault.nodes();
        String label = switch (fault.kind()) {
            case KILL, PAUSE -> fault.kind().label() + " node " + first(nodes);
            case ISOLATE, SPLIT -> "partition " + sides(nodes, members);
            case ISOLATE_LEADER -> "isolate leader " + first(nodes) + ": "
                    + sides(nodes, members);
            case TRANSFER -> nodes.size() == 2 ? "transfer " + nodes.get(0) + "\u2192"
                    + nodes.get(1) : "transfer to " + first(nodes);
        };
        return fault.failedToInject() ? label + " (not injected)" : label;
    }

    private static String first(List<Integer> nodes) {
        return nodes.isEmpty() ? "?" : String.valueOf(nodes.get(0));
    }

    /** {@code {1,2}|{3,4,5}}: the nodes cut off, then the rest of the members. */
    private static String sides(List<Integer> cut, List<Integer> members) {
        List<Integer> rest = members.stream().filter(id -> !cut.contains(id)).toList();
        return set(cut) + "|" + set(rest);
    }

    private static String set(List<Integer> ids) {
        return ids.stream().sorted().map(String::valueOf).collect(Collectors.joining(",", "{",
                "}"));
    }
}
