package io.raftdeck.launcher.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.Role;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    private static final NodeAddress ADDRESS = new NodeAddress("127.0.0.1", 5002);

    @Test
    void stoppedNodeShowsStoppedItsLastNumbersAndWhy() {
        // Proves a node that stopped on a failure is not shown as a plain follower: its row
        // says STOPPED, keeps the numbers it stopped at and ends with the reason on one line.
        NodeStatus status = NodeStatus.newBuilder().setId(2).setRole(Role.ROLE_STOPPED)
                .setTerm(3).setLeaderId(1).setCommitIndex(7).setLastApplied(7)
                .setLastLogIndex(8).setFailure("storage failure: WAL write failed on\n"
                        + "/data/node-2/wal/0000000000000002.wal: No space left on device")
                .build();
        String row = StatusTable.row(new StatusReport(ADDRESS, status, null));
        assertTrue(row.matches("2\\s+127\\.0\\.0\\.1:5002\\s+STOPPED\\s+3\\s+1\\s+7\\s+7\\s+8"
                + "\\s+-\\s+0"
                + "  storage failure: WAL write failed on /data/node-2/wal/0000000000000002.wal:"
                + " No space left on device"), row);
    }

    @Test
    void runningNodeHasNoReasonColumn() {
        // Proves the rows of running nodes are unchanged: they end with the last log index.
        NodeStatus status = NodeStatus.newBuilder().setId(1).setRole(Role.ROLE_FOLLOWER)
                .setTerm(3).setLeaderId(1).setCommitIndex(7).setLastApplied(7)
                .setLastLogIndex(8).build();
        String row = StatusTable.row(new StatusReport(ADDRESS, status, null));
        assertTrue(row.matches("1\\s+127\\.0\\.0\\.1:5002\\s+follower\\s+3\\s+1\\s+7\\s+7\\s+8"
                + "\\s+-\\s+0"),
                row);
    }

    @Test
    void theOperatorSignalsShowAndASlowDiskIsCalledSo() {
        // Proves the fsync p99 and the JVM pauses are columns, and a p99 past 10 ms ends the
        // row with the slow-disk warning.
        NodeStatus fast = NodeStatus.newBuilder().setId(1).setRole(Role.ROLE_LEADER)
                .setWalFsyncP99Us(1_250).setJvmPauses(2).build();
        String row = StatusTable.row(new StatusReport(ADDRESS, fast, null));
        assertTrue(row.endsWith("1.3ms      2"), row);
        NodeStatus slow = fast.toBuilder().setWalFsyncP99Us(23_400).setSlowDisk(true).build();
        row = StatusTable.row(new StatusReport(ADDRESS, slow, null));
        assertTrue(row.endsWith("23.4ms      2  slow disk: WAL fsync p99 23.4ms > 10ms"), row);
    }

    @Test
    void refusalsOfALostDataDirSaySoOnBothSides() {
        // Proves that a node refused by its peers (it came back on an emptied data dir), and a
        // node that refuses such a peer, say so: otherwise the first looks like a healthy
        // follower that never catches up, and the second like a node with a dead peer.
        NodeStatus refused = NodeStatus.newBuilder().setId(3).setRole(Role.ROLE_FOLLOWER)
                .addRefusedBy(2).addRefusedBy(1).build();
        String row = StatusTable.row(new StatusReport(ADDRESS, refused, null));
        assertTrue(row.endsWith("  refused by 1,2: its data dir is not the one they knew"
                + " (emptied or replaced)"), row);
        NodeStatus refusing = NodeStatus.newBuilder().setId(1).setRole(Role.ROLE_LEADER)
                .addRefusedMembers(3).build();
        row = StatusTable.row(new StatusReport(ADDRESS, refusing, null));
        assertTrue(row.endsWith("  refuses 3: data dir emptied or replaced"), row);
    }

    @Test
    void certificateRefusalsSayWhoWasClaimed() {
        // Proves a node that refused peer calls for a member their certificate does not name
        // shows it: the sign of a member speaking, or trying to, as another.
        NodeStatus refusing = NodeStatus.newBuilder().setId(1).setRole(Role.ROLE_FOLLOWER)
                .addCertificateRefusals(3).build();
        String row = StatusTable.row(new StatusReport(ADDRESS, refusing, null));
        assertTrue(row.endsWith("  refused calls claiming to be 3: their certificate names"
                + " another member"), row);
    }
}
