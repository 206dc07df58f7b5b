package io.raftdeck.sim;

import io.raftdeck.core.RaftStatus;
import io.raftdeck.statemachine.ClientSessions;
import io.raftdeck.statemachine.KeyValueStore;

/**
 * Bounded memory, after every turn of every node: what the node holds stays within its
 * configured limits.
 * <ul>
 *   <li>the applied part of the core's in-memory log is shorter than the snapshot threshold:
 *       a turn that applied that many entries past the last snapshot takes the next one and
 *       drops them (the unapplied tail is bounded in the core instead: a leader refuses
 *       proposals past {@code RaftCore.MAX_UNCOMMITTED_BYTES} of its term's uncommitted
 *       entries, far beyond what these workloads write; {@code UncommittedLimitTest});
 *   <li>the session table holds at most {@link ClientSessions#MAX_SESSIONS} sessions and
 *       {@link ClientSessions#MAX_CACHED_RESULTS} results;
 *   <li>the recent requests without a session are at most one per entry of their window, the
 *       {@link ClientSessions#EXPIRY_ENTRIES} entries they are remembered for.
 * </ul>
 * The simulated workloads stay far below the table limits; those lines guard against a change
 * that stops evicting, which would show only as growth.
 */
final class MemoryBounds {

    private MemoryBounds() {
    }

    /**
     * @param snapshotThresholdEntries the node's threshold; {@link Integer#MAX_VALUE} when it
     *                                 never snapshots, and its log is then unbounded by design
     */
    static void check(int nodeId, RaftStatus status, KeyValueStore store,
                      int snapshotThresholdEntries) {
        long appliedInMemory = status.lastApplied() - (status.firstLogIndex() - 1);
        if (appliedInMemory >= snapshotThresholdEntries) {
            throw new SafetyViolation("Bounded memory: node " + nodeId + " holds "
                    + appliedInMemory + " applied entries in memory (log from "
                    + status.firstLogIndex() + ", applied " + status.lastApplied()
                    + "); its snapshot threshold is " + snapshotThresholdEntries);
        }
        ClientSessions sessions = store.sessions();
        if (sessions.size() > ClientSessions.MAX_SESSIONS
                || sessions.cachedResults() > ClientSessions.MAX_CACHED_RESULTS) {
            throw new SafetyViolation("Bounded memory: node " + nodeId + " holds "
                    + sessions.size() + " sessions with " + sessions.cachedResults()
                    + " results; the limits are " + ClientSessions.MAX_SESSIONS + " and "
                    + ClientSessions.MAX_CACHED_RESULTS);
        }
        if (store.recentRequestCount() > ClientSessions.EXPIRY_ENTRIES) {
            throw new SafetyViolation("Bounded memory: node " + nodeId + " remembers "
                    + store.recentRequestCount() + " requests without a session; at most "
                    + ClientSessions.EXPIRY_ENTRIES + " entries' worth may be");
        }
    }
}
