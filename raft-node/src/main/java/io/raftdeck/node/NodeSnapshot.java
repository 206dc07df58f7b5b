package io.raftdeck.node;

import io.raftdeck.core.RaftStatus;
import io.raftdeck.core.Role;
import io.raftdeck.statemachine.RenderedEntry;
import io.raftdeck.statemachine.StoreUsage;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a node looked like at the end of one event-loop turn. Immutable and published through a
 * volatile field, so status calls read it without ever waiting on the loop.
 *
 * @param raft      the core's state
 * @param logTail   the newest entries (at most {@link LogTail#CAPACITY}), oldest first
 * @param cutLinks  peers the fault filter currently cuts off
 * @param tickMs    length of one tick, to turn the core's tick counts into milliseconds
 * @param uptimeMs  time since the node started
 * @param failure   why the node stopped, or null while it runs
 * @param snapshotsInstalled leader snapshots installed since the node started
 * @param walSaves  WAL saves since the node started, one fdatasync each ({@link PersistStats})
 * @param entriesPersisted log entries those saves made durable
 * @param store     how full the key/value store is, and its NOSPACE alarm
 */
public record NodeSnapshot(
        RaftStatus raft,
        List<RenderedEntry> logTail,
        SortedSet<Integer> cutLinks,
        int tickMs,
        long uptimeMs,
        String failure,
        long snapshotsInstalled,
        long walSaves,
        long entriesPersisted,
        StoreUsage store) {

    public NodeSnapshot {
        // A view, not a copy: the loop's tail renders its entries only when they are read.
        logTail = Collections.unmodifiableList(logTail);
        cutLinks = Collections.unmodifiableSortedSet(new TreeSet<>(cutLinks));
    }

    /** This status of a node that has stopped (or is stopping) for {@code reason}. */
    public NodeSnapshot withFailure(String reason) {
        return new NodeSnapshot(raft, logTail, cutLinks, tickMs, uptimeMs, reason,
                snapshotsInstalled, walSaves, entriesPersisted, store);
    }

    public boolean isLeader() {
        return raft.role() == Role.LEADER && failure == null;
    }

    /** Milliseconds until this node's election timer fires; 0 for a leader (it has none). */
    public long electionTimeoutLeftMs() {
        if (raft.role() == Role.LEADER) {
            return 0;
        }
        return Math.max(0, raft.electionTimeoutTicks() - raft.electionElapsedTicks())
                * (long) tickMs;
    }

    public long electionTimeoutMs() {
        return raft.electionTimeoutTicks() * (long) tickMs;
    }
}
