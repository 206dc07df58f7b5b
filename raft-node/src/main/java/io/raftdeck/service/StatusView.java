package io.raftdeck.service;

import io.raftdeck.core.PeerProgress;
import io.raftdeck.core.RaftStatus;
import io.raftdeck.node.BuildInfo;
import io.raftdeck.node.FsyncWindow;
import io.raftdeck.node.NodeSnapshot;
import io.raftdeck.proto.v1.LogEntryView;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.statemachine.RenderedEntry;
import io.raftdeck.storage.Incarnation;
import io.raftdeck.transport.IdentityRefusals;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Turns a node's published snapshot into the raftdeck.v1 NodeStatus message. A node that
 * stopped on a failure is ROLE_STOPPED with the reason, whatever role its core was in: a
 * stopped leader must not look like one.
 */
final class StatusView {

    private StatusView() {
    }

    /**
     * @param failure        why the node stopped, or null while it runs; read from the node
     *                       itself, since a loop stuck in a write may not publish it
     * @param incarnation    this node's ({@link Incarnation})
     * @param refusals       the peers refused either way for lost data
     * @param logTailEntries how many of the newest entries to include; 0 means all the
     *                       snapshot holds
     */
    static NodeStatus of(NodeSnapshot snapshot, String failure, String address,
                         Set<Integer> members, boolean faultsAllowed, Incarnation incarnation,
                         IdentityRefusals refusals, int logTailEntries) {
        RaftStatus raft = snapshot.raft();
        NodeStatus.Builder status = NodeStatus.newBuilder()
                .setId(raft.id()).setAddress(address)
                .setRole(failure == null ? role(raft.role()) : Role.ROLE_STOPPED)
                .setFailure(failure == null ? "" : failure)
                .setTerm(raft.term()).setVotedFor(raft.votedFor()).setLeaderId(raft.leaderId())
                .setCommitIndex(raft.commitIndex()).setLastApplied(raft.lastApplied())
                .setLastLogIndex(raft.lastLogIndex()).setLastLogTerm(raft.lastLogTerm())
                .setFirstLogIndex(raft.firstLogIndex())
                .setElectionTimeoutLeftMs(snapshot.electionTimeoutLeftMs())
                .setElectionTimeoutMs(snapshot.electionTimeoutMs())
                .addAllCutLinks(snapshot.cutLinks())
                .setSnapshotIndex(raft.firstLogIndex() - 1) // the log starts after it
                .setSnapshotsInstalled(snapshot.snapshotsInstalled())
                .setWalSaves(snapshot.walSaves())
                .setEntriesPersisted(snapshot.entriesPersisted())
                .setStoreBytes(snapshot.store().sizeBytes())
                .setQuotaBytes(snapshot.store().quotaBytes())
                .setNoSpaceAlarm(snapshot.store().alarm())
                .setUptimeMs(snapshot.uptimeMs())
                .setFaultsAllowed(faultsAllowed)
                .addAllMembers(members)
                .setIncarnation(incarnation.toString())
                .setVersion(BuildInfo.current().version())
                .setCommit(BuildInfo.current().commit())
                .addAllRefusedMembers(refusals.refusedMembers())
                .addAllRefusedBy(refusals.refusedBy())
                .addAllCertificateRefusals(refusals.certificateRefusals());
        for (PeerProgress peer : raft.peers()) {
            status.addPeers(io.raftdeck.proto.v1.PeerProgress.newBuilder()
                    .setId(peer.id()).setMatchIndex(peer.matchIndex())
                    .setNextIndex(peer.nextIndex())
                    .setLastContactMs(peer.ticksSinceContact() * snapshot.tickMs()));
        }
        List<RenderedEntry> tail = snapshot.logTail();
        int shown = logTailEntries <= 0 ? tail.size() : Math.min(logTailEntries, tail.size());
        for (RenderedEntry entry : tail.subList(tail.size() - shown, tail.size())) {
            status.addLogTail(LogEntryView.newBuilder().setIndex(entry.index())
                    .setTerm(entry.term()).setCommand(entry.command()));
        }
        return status.build();
    }

    /**
     * {@code status} with the operator signals: the WAL's recent fsync p99 and whether the
     * disk is slow, and the JVM pauses counted.
     */
    static NodeStatus withSignals(NodeStatus status, FsyncWindow fsyncs, long jvmPauses) {
        FsyncWindow.Percentile fsync = fsyncs.percentile(System.nanoTime());
        return status.toBuilder()
                .setWalFsyncP99Us(TimeUnit.NANOSECONDS.toMicros(fsync.p99Nanos()))
                .setSlowDisk(fsync.slow())
                .setJvmPauses(jvmPauses)
                .build();
    }

    private static Role role(io.raftdeck.core.Role role) {
        return switch (role) {
            case FOLLOWER -> Role.ROLE_FOLLOWER;
            case PRE_CANDIDATE -> Role.ROLE_PRE_CANDIDATE;
            case CANDIDATE -> Role.ROLE_CANDIDATE;
            case LEADER -> Role.ROLE_LEADER;
        };
    }
}
