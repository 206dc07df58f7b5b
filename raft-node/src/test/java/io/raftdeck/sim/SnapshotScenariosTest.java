package io.raftdeck.sim;

import static io.raftdeck.sim.Scenarios.everyNodeApplied;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Snapshots and log compaction (Raft §7) in the simulator: followers that fell behind a
 * compacted log catch up by InstallSnapshot through loss and crashes, and a restarted node
 * rebuilds its state from its snapshot plus the log after it. SafetyChecker runs every tick.
 */
class SnapshotScenariosTest {

    private static final int NODES = 5;
    private static final int SNAPSHOT_EVERY = 10;
    private static final int DEADLINE_TICKS = 3_000;

    @Test
    void laggingFollowerCatchesUpBySnapshotDespiteLossAndCrashes() {
        // Proves a follower that missed more than the leader still holds receives the snapshot
        // over a lossy network, even when it and then the leader crash during the catch-up.
        for (long seed = 1; seed <= 20; seed++) {
            SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.UNRELIABLE, 8,
                    seed % 2 == 0);
            cluster.snapshotEvery(SNAPSHOT_EVERY);
            int behind = 5;
            cluster.crash(behind);
            commitAll(cluster, "before", 60);

            cluster.restart(behind);
            cluster.runTicks(3);
            cluster.crash(behind);
            cluster.runTicks(20);
            cluster.restart(behind);
            cluster.runTicks(10);
            cluster.crash(cluster.leader());
            commitAll(cluster, "after", 20);
            for (int id = 1; id <= NODES; id++) {
                cluster.restart(id);
            }
            cluster.network.setFaults(SimNetwork.Faults.NONE);

            String last = "after-19";
            assertTrue(cluster.runUntil(() -> everyNodeApplied(cluster, last), DEADLINE_TICKS),
                    "no convergence\n" + cluster.describe());
            assertTrue(cluster.node(behind).snapshotsInstalled > 0,
                    "node " + behind + " caught up from the log alone\n" + cluster.describe());
            assertSameHistory(cluster);
        }
    }

    @Test
    void restartedNodeRebuildsTheSameStateFromSnapshotAndLog() {
        // Proves recovery = snapshot + the log after it: a node cut off from everyone and
        // restarted re-applies the history it had before the crash, up to the commit index its
        // disk kept, from its disk alone.
        for (long seed = 1; seed <= 20; seed++) {
            SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.NONE, 8, true);
            cluster.snapshotEvery(SNAPSHOT_EVERY + (int) seed % 7);
            commitAll(cluster, "c", 45);
            int node = cluster.leader() % NODES + 1;
            cluster.runUntil(() -> cluster.applied(node, "c-44"), DEADLINE_TICKS);
            List<Entry> before = new ArrayList<>(cluster.node(node).applied);
            long snapshotIndex = cluster.node(node).disk.snapshot.index();
            assertTrue(snapshotIndex > 0 && cluster.node(node).disk.lastIndex() > snapshotIndex,
                    "the disk holds a snapshot and a log after it\n" + cluster.describe());

            cluster.isolate(node);
            cluster.crash(node);
            cluster.restart(node);
            assertEquals(before.subList(0, (int) snapshotIndex), cluster.node(node).applied,
                    "restored from the snapshot");
            cluster.runTicks(1);

            // A save that only advances the commit index is not synced (RaftStorage#save), so
            // the crash may take the node back to an older commit index, never below its
            // snapshot: it re-applies its log up to the commit index its disk kept.
            long recoveredCommit = cluster.node(node).disk.hardState.commitIndex();
            assertTrue(recoveredCommit >= snapshotIndex, "recovered commit " + recoveredCommit);
            List<Entry> after = cluster.node(node).applied;
            assertTrue(after.size() >= recoveredCommit, "re-applied the committed log");
            int common = Math.min(before.size(), after.size());
            assertEquals(before.subList(0, common), after.subList(0, common));
        }
    }

    /** Submits {@code count} commands, each to the current leader until the leader applied it. */
    private static void commitAll(SimCluster cluster, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String command = prefix + "-" + i;
            boolean committed = cluster.runUntil(() -> {
                int leader = cluster.leader();
                if (leader == 0) {
                    return false;
                }
                if (cluster.applied(leader, command)) {
                    return true;
                }
                if (!Scenarios.commands(Scenarios.logOf(cluster, leader)).contains(command)) {
                    cluster.propose(leader, command);
                }
                return false;
            }, DEADLINE_TICKS);
            assertTrue(committed, command + " not committed\n" + cluster.describe());
        }
    }

    /** Every node applied the same sequence (the shorter ones a prefix of the longer). */
    private static void assertSameHistory(SimCluster cluster) {
        List<Entry> reference = cluster.node(1).applied;
        for (int id = 2; id <= NODES; id++) {
            List<Entry> applied = cluster.node(id).applied;
            int common = Math.min(reference.size(), applied.size());
            assertEquals(reference.subList(0, common), applied.subList(0, common),
                    "applied sequences of node 1 and node " + id);
        }
    }
}
