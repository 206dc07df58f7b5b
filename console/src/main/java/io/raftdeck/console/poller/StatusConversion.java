package io.raftdeck.console.poller;

import io.raftdeck.console.model.LogEntry;
import io.raftdeck.console.model.NodeState;
import io.raftdeck.console.model.ReplicationProgress;
import io.raftdeck.console.model.StoreSpace;
import io.raftdeck.console.model.Role;
import io.raftdeck.proto.v1.LogEntryView;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.PeerProgress;
import java.util.List;

/** Where the wire's NodeStatus becomes the dashboard's model; the only place both meet. */
final class StatusConversion {

    private StatusConversion() {
    }

    static NodeState toState(NodeStatus status) {
        List<ReplicationProgress> peers = status.getPeersList().stream()
                .map(StatusConversion::toProgress).toList();
        List<LogEntry> tail = status.getLogTailList().stream()
                .filter(entry -> entry.getIndex() >= 1)
                .map(StatusConversion::toEntry).toList();
        return new NodeState(
                toRole(status.getRole()),
                status.getTerm(),
                status.getVotedFor(),
                status.getLeaderId(),
                status.getCommitIndex(),
                status.getLastApplied(),
                status.getLastLogIndex(),
                status.getLastLogTerm(),
                status.getFirstLogIndex(),
                status.getSnapshotIndex(),
                status.getSnapshotsInstalled(),
                status.getElectionTimeoutLeftMs(),
                status.getElectionTimeoutMs(),
                peers,
                tail,
                status.getCutLinksList().stream().sorted().toList(),
                status.getMembersList().stream().sorted().toList(),
                status.getFaultsAllowed(),
                status.getFailure(),
                status.getRefusedByList().stream().sorted().toList(),
                status.getRefusedMembersList().stream().sorted().toList(),
                new StoreSpace(status.getStoreBytes(), status.getQuotaBytes(),
                        status.getNoSpaceAlarm()),
                status.getWalFsyncP99Us(),
                status.getSlowDisk());
    }

    static Role toRole(io.raftdeck.proto.v1.Role role) {
        return switch (role) {
            case ROLE_FOLLOWER -> Role.FOLLOWER;
            case ROLE_PRE_CANDIDATE -> Role.PRE_CANDIDATE;
            case ROLE_CANDIDATE -> Role.CANDIDATE;
            case ROLE_LEADER -> Role.LEADER;
            case ROLE_STOPPED -> Role.STOPPED;
            default -> Role.UNKNOWN;
        };
    }

    private static ReplicationProgress toProgress(PeerProgress peer) {
        return new ReplicationProgress(
                peer.getId(), peer.getMatchIndex(), peer.getNextIndex(), peer.getLastContactMs());
    }

    private static LogEntry toEntry(LogEntryView entry) {
        return new LogEntry(entry.getIndex(), entry.getTerm(), entry.getCommand());
    }
}
