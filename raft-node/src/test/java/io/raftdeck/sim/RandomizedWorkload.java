package io.raftdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftdeck.core.Entry;
import io.raftdeck.statemachine.KeyValueCommand;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One seed of the randomized simulation: five nodes over a lossy, duplicating, reordering
 * network with random partitions, crashes and restarts, client commands and reads, then the
 * faults stop and the cluster must converge. Shared by {@link RandomizedSimulationTest} (the
 * correct node) and the mutation tests (a deliberately broken one, which it must catch).
 */
final class RandomizedWorkload {

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
    /** Of each fsync: a few stalls per run, among the thousands of fsyncs of five nodes. */
    static final double STALLED_SYNC_CHANCE = 0.002;
    /** Of each start of a node: one of its next hundred fsyncs fails. */
    static final double FAILED_SYNC_CHANCE = 0.1;

    private RandomizedWorkload() {
    }

    static final class Totals {
        long leaders;
        long committed;
        long crashes;
        long crashesMidReady;
        long crashesAfterAcknowledging;
        long acknowledged;
        long partitions;
        long reads;
        long messages;
        long dropped;
        long snapshotsTaken;
        long snapshotsInstalled;
        long stalledTurns;
        long syncFailures;
    }

    /**
     * Runs one seed with every node built with {@code mutation} and adds its counts to
     * {@code totals}; a failure names the seed and the cluster's recent events.
     */
    static void runSeed(long seed, SimMutation mutation, Totals totals) {
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
        // The same half also crash nodes right after their votes and acknowledgements left: a
        // few times a run, as nodes send them in most turns.
        cluster.crashAfterAcknowledging(crashMidReady ? 0.005 : 0);
        // Every seed's disks stall an fsync now and then (a node's thread held for hundreds of
        // ms), and fail one in some of a node's lives (it fail-stops and is restarted later).
        cluster.disks(STALLED_SYNC_CHANCE, FAILED_SYNC_CHANCE);
        if (mutation != SimMutation.NONE) {
            cluster.mutate(mutation);
        }
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
        totals.crashes += cluster.crashesAfterAcknowledging;
        totals.crashesAfterAcknowledging += cluster.crashesAfterAcknowledging;
        totals.acknowledged += cluster.checker.acknowledgedWrites.acknowledged;
        totals.messages += cluster.network.sent;
        totals.dropped += cluster.network.dropped;
        totals.snapshotsTaken += cluster.snapshotsTaken;
        totals.snapshotsInstalled += cluster.snapshotsInstalled;
        totals.stalledTurns += cluster.stalledTurns;
        totals.crashes += cluster.syncFailures;
        totals.syncFailures += cluster.syncFailures;
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
                // Puts on a few shared keys, so the nodes' states (and their digests) differ
                // with every write and a divergence shows.
                byte[] value = ("c" + commandNumber).getBytes(StandardCharsets.UTF_8);
                cluster.propose(node, new KeyValueCommand.Put("k" + commandNumber % 3, value)
                        .encode());
                commandNumber++;
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
