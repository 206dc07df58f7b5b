package io.raftdeck.launcher.chaos;

import java.util.List;

/**
 * One fault of the schedule: when it starts and how long it lasts (from the workload's start),
 * and the nodes it hits. ISOLATE_LEADER has no planned node (the leader is found when it
 * starts); TRANSFER names the node to hand over to, or the next one when that one leads.
 */
public record PlannedFault(FaultKind kind, long startMs, long durationMs, List<Integer> nodes) {

    public PlannedFault {
        nodes = List.copyOf(nodes);
    }

    public long endMs() {
        return startMs + durationMs;
    }

    @Override
    public String toString() {
        return kind.label() + (nodes.isEmpty() ? "" : " " + nodes) + " at " + startMs
                + " ms for " + durationMs + " ms";
    }
}
