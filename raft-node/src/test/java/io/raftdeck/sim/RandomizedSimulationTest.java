package io.raftdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftdeck.core.Entry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Five cores over a lossy, duplicating, reordering network with random partitions, crashes and
 * restarts, for many seeds. Safety is checked after every tick; at the end the faults stop and
 * the cluster must converge: one leader, identical committed logs, a fresh command committed.
 * Most seeds also snapshot and compact every few entries, so leaders send snapshots to
 * followers that fell behind, under the same faults.
 *
 * <p>{@code -Dsim.seeds=N} sets how many seeds run (default 1000); {@code -Dseed=N} replays one.
 */
class RandomizedSimulationTest {

    private static final int NODES = 5;
    private static final int CHAOS_TICKS = 1_000;
    private static final int CONVERGENCE_TICKS = 3_000;
    /** Entries per AppendEntries, varied by seed: 1 and 2 separate old entries from new ones. */
    private static final int[] BATCH_LIMITS = {1, 2, 8, 64};
    /**
     * Applied entries between snapshots, varied by seed; 0 never snapshots. A run commits a few
     * dozen entries, so small thresholds make compaction and InstallSnapshot frequent.
     */
    private static final int[] SNAPSHOT_THRESHOLDS = {0, 3, 5, 8, 13, 21};

    @Test
    void safetyHoldsAndClusterConvergesForEverySeed() {
        String replay = System.getProperty("seed");
        long first = replay != null ? Long.parseLong(replay) : 1;
        int count = replay != null ? 1 : Integer.getInteger("sim.seeds", 1000);
        long started = System.nanoTime();
        Totals totals = new Totals();
        for (long seed = first; seed < first + count; seed++) {
            runSeed(seed, totals);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("simulation: %d seeds in %d ms: %d leaders elected, %d entries "
                        + "committed, %d linearizable reads, %d crashes (%d between a leader's"
                        + " sends and its write), %d partitions, "
                        + "%d messages (%d dropped), %d snapshots taken, %d installed%n",
                count, elapsedMs, totals.leaders, totals.committed, totals.reads,
                totals.crashes, totals.crashesMidReady, totals.partitions, totals.messages,
                totals.dropped, totals.snapshotsTaken, totals.snapshotsInstalled);
        assertTrue(totals.committed >= count, "the workload must commit entries");
        assertTrue(totals.reads >= count, "the workload must complete reads");
    }

    private static final class Totals {
        long leaders;
        long committed;
        long crashes;
        long crashesMidReady;
        long partitions;
        long reads;
        long messages;
        long dropped;
        long snapshotsTaken;
        long snapshotsInstalled;
    }

    private static void runSeed(long seed, Totals totals) {
        int maxEntriesPerAppend = BATCH_LIMITS[(int) Math.floorMod(seed, BATCH_LIMITS.length)];
        // Half the seeds run the paper's bare algorithm, half add pre-vote and check-quorum.
        boolean preVoteAndCheckQuorum = Math.floorMod(seed / BATCH_LIMITS.length, 2) == 1;
        SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.UNRELIABLE,
                maxEntriesPerAppend, preVoteAndCheckQuorum);
        // Independent of the other two choices: seed / 8 varies slower than both.
        cluster.snapshotEvery(SNAPSHOT_THRESHOLDS[(int) Math.floorMod(
                seed / (2L * BATCH_LIMITS.length), SNAPSHOT_THRESHOLDS.length)]);
        // Half the seeds (independent of the choices above) also crash leaders between sending
        // their appends and writing the same entries to their own disk.
        boolean crashMidReady = (Long.hashCode(seed * 0x9E3779B97F4A7C15L) & 1) == 1;
        cluster.crashMidReady(crashMidReady ? 0.05 : 0);
        try {
            chaos(cluster, totals);
            converge(cluster);
        } catch (AssertionError | RuntimeException failure) {
            AssertionError report = new AssertionError(failure.getMessage() + "\n"
                    + cluster.describe(), failure);
            throw report;
        }
        totals.leaders += cluster.checker.leadersElected;
        totals.committed += cluster.checker.committedCount();
        totals.reads += cluster.readsCompleted;
        totals.crashes += cluster.crashesMidReady;
        totals.crashesMidReady += cluster.crashesMidReady;
        totals.messages += cluster.network.sent;
        totals.dropped += cluster.network.dropped;
        totals.snapshotsTaken += cluster.snapshotsTaken;
        totals.snapshotsInstalled += cluster.snapshotsInstalled;
    }

    /** Random client commands and faults, one decision per tick. */
    private static void chaos(SimCluster cluster, Totals totals) {
        // Each seed draws how violent its faults are: calm runs exercise long replication,
        // violent ones the rare interleavings of crashes and elections (such as Figure 8).
        double faultRate = 0.002 + cluster.random.nextDouble() * 0.03;
        int commandNumber = 0;
        for (int tick = 0; tick < CHAOS_TICKS; tick++) {
            int node = 1 + cluster.random.nextInt(NODES);
            if (cluster.random.nextDouble() < 0.30) {
                cluster.propose(node, "c" + commandNumber++);
            }
            if (cluster.random.nextDouble() < 0.10) {
                // Reads go to whoever claims to lead, stale leaders cut off in a minority too.
                cluster.read(cluster.random.nextBoolean() ? node : cluster.leader());
            }
            double roll = cluster.random.nextDouble();
            if (roll < faultRate) {
                cluster.crash(node);
                totals.crashes++;
            } else if (roll < faultRate * 3) {
                cluster.restart(node);
            } else if (roll < faultRate * 4) {
                cluster.partition(randomMinorityOrMajority(cluster));
                totals.partitions++;
            } else if (roll < faultRate * 5) {
                cluster.crash(cluster.leader());
                totals.crashes++;
            } else if (roll < faultRate * 6) {
                cluster.healAll();
            } else if (roll < faultRate * 7) {
                cluster.transfer(cluster.leader(), node);
            }
            cluster.tick();
        }
    }

    private static Set<Integer> randomMinorityOrMajority(SimCluster cluster) {
        Set<Integer> side = new HashSet<>();
        int sideSize = 1 + cluster.random.nextInt(NODES - 1);
        while (side.size() < sideSize) {
            side.add(1 + cluster.random.nextInt(NODES));
        }
        return side;
    }

    /** Faults stop; within a bound the cluster elects a leader and commits a new command. */
    private static void converge(SimCluster cluster) {
        if (!cluster.healAndConverge("converge-" + cluster.seed, CONVERGENCE_TICKS)) {
            fail("no convergence within " + CONVERGENCE_TICKS + " ticks after healing");
        }
        List<Entry> reference = cluster.node(1).applied;
        for (int id = 2; id <= NODES; id++) {
            List<Entry> applied = cluster.node(id).applied;
            int common = Math.min(reference.size(), applied.size());
            assertEquals(reference.subList(0, common), applied.subList(0, common),
                    "applied sequences of node 1 and node " + id);
        }
    }
}
