package io.raftdeck.launcher.client;

import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.statemachine.StoreQuota;
import java.util.Locale;

/**
 * Renders node status reports as aligned text rows, for {@code status} and {@code cluster}. A
 * node that stopped on a failure shows STOPPED, the numbers it stopped at, and why; a node whose
 * peers refuse it because it lost its data, or that refuses such a peer, says so, and so does
 * one whose store is at its quota (the NOSPACE alarm). The last two columns are the operator
 * signals: the WAL's fsync p99 over the last minute and the JVM pauses longer than a heartbeat;
 * a disk whose p99 passes 10 ms is called slow at the row's end.
 */
public final class StatusTable {

    private static final String ROW = "%-3s %-21s %-13s %6s %6s %8s %8s %8s %8s %6s";

    private StatusTable() {
    }

    public static String header() {
        return String.format(ROW, "ID", "ADDRESS", "ROLE", "TERM", "LEADER", "COMMIT",
                "APPLIED", "LAST", "FSYNC99", "PAUSES");
    }

    public static String row(StatusReport report) {
        if (!report.answered()) {
            return String.format("%-3s %-21s unreachable: %s", "?", report.address(),
                    report.error());
        }
        NodeStatus status = report.status();
        String row = String.format(ROW, status.getId(), report.address(),
                roleName(status.getRole()), status.getTerm(), orDash(status.getLeaderId()),
                status.getCommitIndex(), status.getLastApplied(), status.getLastLogIndex(),
                fsyncP99(status.getWalFsyncP99Us()), status.getJvmPauses());
        if (status.getSlowDisk()) {
            row += "  slow disk: WAL fsync p99 " + fsyncP99(status.getWalFsyncP99Us())
                    + " > 10ms";
        }
        if (status.getRole() == Role.ROLE_STOPPED) {
            // The node's reason is one line already; a hostile one must not break the table.
            row += "  " + status.getFailure().replaceAll("\\s+", " ").strip();
        }
        if (status.getNoSpaceAlarm()) {
            row += "  NOSPACE alarm: the store holds " + StoreQuota.format(status.getStoreBytes())
                    + " of its " + StoreQuota.format(status.getQuotaBytes())
                    + " quota; delete keys or raise --quota-bytes";
        }
        if (status.getRefusedByCount() > 0) {
            row += "  refused by " + ids(status.getRefusedByList())
                    + ": its data dir is not the one they knew (emptied or replaced)";
        }
        if (status.getRefusedMembersCount() > 0) {
            row += "  refuses " + ids(status.getRefusedMembersList())
                    + ": data dir emptied or replaced";
        }
        if (status.getCertificateRefusalsCount() > 0) {
            row += "  refused calls claiming to be " + ids(status.getCertificateRefusalsList())
                    + ": their certificate names another member";
        }
        return row;
    }

    private static String ids(java.util.List<Integer> ids) {
        return ids.stream().sorted().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
    }

    static String roleName(Role role) {
        return switch (role) {
            case ROLE_LEADER -> "leader";
            case ROLE_FOLLOWER -> "follower";
            case ROLE_CANDIDATE -> "candidate";
            case ROLE_PRE_CANDIDATE -> "pre-candidate";
            case ROLE_STOPPED -> "STOPPED";
            default -> "unknown";
        };
    }

    /** Milliseconds with one decimal; "-" before the first fsync. */
    private static String fsyncP99(long micros) {
        return micros == 0 ? "-" : String.format(Locale.ROOT, "%.1fms", micros / 1000.0);
    }

    /** Node ids are >= 1; 0 on the wire means "none". */
    private static String orDash(int nodeId) {
        return nodeId == 0 ? "-" : Integer.toString(nodeId);
    }
}
