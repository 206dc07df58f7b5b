package io.raftdeck.core;

import io.raftdeck.core.Message.AppendRequest;
import io.raftdeck.core.Message.InstallSnapshot;
import java.util.List;

/**
 * Builds a leader's AppendEntries, heartbeats and InstallSnapshot messages for one follower, as
 * far as that follower's {@link ReplicationProgress} allows, and queues them in the outbox. It
 * decides nothing about commitment or leadership: that is {@link LeaderState}'s.
 */
final class Replicator {

    private final RaftConfig config;
    private final RaftLog log;
    private final long term;
    private final List<Message> outbox;

    /** Sends as the leader of {@code term}, into {@code outbox}. */
    Replicator(RaftConfig config, RaftLog log, long term, List<Message> outbox) {
        this.config = config;
        this.log = log;
        this.term = term;
        this.outbox = outbox;
    }

    /** Sends as many appends as flow control allows, each bounded in count and bytes. */
    void sendAppends(ReplicationProgress peer) {
        while (peer.canSend() && peer.nextIndex <= log.lastIndex()) {
            sendAppend(peer);
            if (peer.state == ReplicationProgress.State.PROBE) {
                return;
            }
        }
    }

    private void sendAppend(ReplicationProgress peer) {
        if (peer.nextIndex <= log.snapshotIndex()) {
            sendSnapshot(peer);
            return;
        }
        long prevLogIndex = peer.nextIndex - 1;
        List<Entry> entries = log.slice(peer.nextIndex, log.lastIndex(),
                config.maxEntriesPerAppend(), config.maxBytesPerAppend());
        long lastIndex = prevLogIndex + entries.size();
        outbox.add(new AppendRequest(config.id(), peer.peerId, term, prevLogIndex,
                log.term(prevLogIndex), entries, Math.min(log.committed(), lastIndex), 0));
        peer.sent(lastIndex, !entries.isEmpty());
    }

    /**
     * The follower needs entries compacted into the snapshot (Raft §7): offer the snapshot
     * instead. The core holds no snapshot bytes; the node attaches its latest saved snapshot,
     * which is the one at this index.
     */
    private void sendSnapshot(ReplicationProgress peer) {
        outbox.add(new InstallSnapshot(config.id(), peer.peerId, term, log.snapshotIndex(),
                log.snapshotTerm()));
        peer.snapshotSent(log.snapshotIndex());
    }

    /**
     * The heartbeat interval passed: tell the follower the leader is alive and how far the log
     * is committed. A pipelining follower that made no progress since the last heartbeat
     * probably lost a message, so the leader falls back to probing from what is known to match.
     */
    void heartbeat(ReplicationProgress peer) {
        boolean behind = peer.matchIndex < log.lastIndex();
        if (peer.state == ReplicationProgress.State.REPLICATE && behind
                && peer.matchIndex == peer.matchIndexAtLastHeartbeat) {
            peer.probeFrom(peer.matchIndex + 1);
        }
        peer.matchIndexAtLastHeartbeat = peer.matchIndex;
        if (peer.state == ReplicationProgress.State.PROBE) {
            peer.probeSent = false;
        }
        if (peer.state == ReplicationProgress.State.SNAPSHOT
                && ++peer.heartbeatsSinceSnapshot
                        >= ReplicationProgress.SNAPSHOT_RETRY_HEARTBEATS) {
            peer.probeFrom(peer.matchIndex + 1); // the snapshot or its answer was lost
        }
        if (peer.canSend() && peer.nextIndex <= log.lastIndex()) {
            sendAppends(peer);
        } else {
            sendHeartbeat(peer, 0);
        }
    }

    /**
     * An empty AppendEntries anchored at what is known to match, so it succeeds without
     * disturbing the pipeline, and carries the commit index up to that point. {@code context}
     * names the ReadIndex round it confirms, or is 0.
     */
    void sendHeartbeat(ReplicationProgress peer, long context) {
        long anchor = peer.state == ReplicationProgress.State.PROBE
                ? peer.nextIndex - 1 : peer.matchIndex;
        long anchorTerm = log.term(anchor);
        if (anchorTerm < 0) {
            // Compacted away: the empty prefix matches every log and still keeps the follower
            // from starting an election; it carries no commit index.
            anchor = 0;
            anchorTerm = 0;
        }
        outbox.add(new AppendRequest(config.id(), peer.peerId, term, anchor, anchorTerm,
                List.of(), Math.min(log.committed(), anchor), context));
    }
}
