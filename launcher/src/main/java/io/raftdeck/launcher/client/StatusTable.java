package io.raftdeck.launcher.client;

import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.Role;

/** Renders node status reports as aligned text rows, for {@code status} and {@code cluster}. */
public final class StatusTable {

    private static final String ROW = "%-3s %-21s %-13s %6s %6s %8s %8s %8s";

    private StatusTable() {
    }

    public static String header() {
        return String.format(ROW, "ID", "ADDRESS", "ROLE", "TERM", "LEADER", "COMMIT",
                "APPLIED", "LAST");
    }

    public static String row(StatusReport report) {
        if (!report.answered()) {
            return String.format("%-3s %-21s unreachable: %s", "?", report.address(),
                    report.error());
        }
        NodeStatus status = report.status();
        return String.format(ROW, status.getId(), report.address(), roleName(status.getRole()),
                status.getTerm(), orDash(status.getLeaderId()), status.getCommitIndex(),
                status.getLastApplied(), status.getLastLogIndex());
    }

    static String roleName(Role role) {
        return switch (role) {
            case ROLE_LEADER -> "leader";
            case ROLE_FOLLOWER -> "follower";
            case ROLE_CANDIDATE -> "candidate";
            case ROLE_PRE_CANDIDATE -> "pre-candidate";
            default -> "unknown";
        };
    }

    /** Node ids are >= 1; 0 on the wire means "none". */
    private static String orDash(int nodeId) {
        return nodeId == 0 ? "-" : Integer.toString(nodeId);
    }
}
