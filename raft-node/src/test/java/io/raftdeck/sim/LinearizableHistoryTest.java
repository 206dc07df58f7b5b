package io.raftdeck.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.ProposeResult;
import io.raftdeck.history.CheckResult;
import io.raftdeck.history.HistoryRecorder;
import io.raftdeck.history.LinearizabilityChecker;
import io.raftdeck.history.OperationKind;
import io.raftdeck.history.Outcome;
import io.raftdeck.history.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Client histories of the simulated cluster are linearizable (issue 5). Concurrent clients put,
 * get, compare-and-set and delete a few keys through the Raft log, and get through ReadIndex,
 * while nodes crash and restart, partitions come and go, leadership moves and the network
 * drops, duplicates and delays messages. Each client records every operation it invokes and
 * how it ended, in simulated time; the history checker must find every seed's history
 * linearizable. Two more tests break the client side on purpose, and the checker must catch
 * it: reads served from any node's applied state (the classic stale read), and writes
 * acknowledged as soon as a leader accepts them (lost when that leader is deposed).
 *
 * <p>A client sees an operation as a real one would: a write or log read is OK once the node it
 * asked applied the entry at the index and term the proposal got (failed if another entry took
 * that place); a ReadIndex read is OK once the node applied up to the read index, and returns
 * that node's state; a refused request failed; a crashed server or a timeout leaves it unknown.
 *
 * <p>{@code -Dsim.seeds=N} sets how many seeds run (default 100); {@code -Dseed=N} replays one.
 */
class LinearizableHistoryTest {

    private static final int NODES = 5;
    private static final int CLIENTS = 5;
    private static final int KEYS = 3;
    private static final int CHAOS_TICKS = 800;
    private static final int DRAIN_TICKS = 1_000;
    /** A client gives up after this long: several election timeouts. */
    private static final int TIMEOUT_TICKS = 100;
    /** Applied entries between snapshots, varied by seed; 0 never snapshots. */
    private static final int[] SNAPSHOT_THRESHOLDS = {0, 5, 13};
    /** Seeds a broken client path gets to produce an anomaly the checker reports. */
    private static final int BROKEN_SEEDS = 50;

    @Test
    void everySeedsClientHistoryIsLinearizable() {
        // Proves Raft reads and writes, as clients see them under faults, are linearizable.
        String replay = System.getProperty("seed");
        long first = replay != null ? Long.parseLong(replay) : 1;
        int count = replay != null ? 1 : Integer.getInteger("sim.seeds", 100);
        long started = System.nanoTime();
        Map<String, Long> totals = new HashMap<>();
        long steps = 0;
        for (long seed = first; seed < first + count; seed++) {
            Run run = new Run(seed, Mode.CORRECT);
            run.execute();
            CheckResult result = new LinearizabilityChecker().check(run.recorder.history());
            if (!result.isLinearizable()) {
                fail("seed " + seed + ": " + result.report() + run.cluster.describe());
            }
            steps += result.steps();
            run.tally.forEach((label, number) -> totals.merge(label, number, Long::sum));
        }
        System.out.printf("linearizable histories: %d seeds in %d ms, %d checker steps: %s%n",
                count, (System.nanoTime() - started) / 1_000_000, steps, totals);
        if (replay != null) {
            return; // one seed need not show every outcome
        }
        for (String needed : List.of("put ok", "get via log ok", "get via ReadIndex ok",
                "cas ok", "cas fail", "delete ok", "put unknown", "get via ReadIndex unknown")) {
            assertTrue(totals.getOrDefault(needed, 0L) >= count,
                    "the workload must produce '" + needed + "' once a seed: " + totals);
        }
    }

    @Test
    void staleReadsFromAnyNodesAppliedStateAreCaught() {
        // Proves the checker catches a real stale read the simulator produced.
        assertCaught(Mode.STALE_READS, "stale read");
    }

    @Test
    void writesAcknowledgedBeforeTheyCommitAreCaught() {
        // Proves the checker catches acknowledged writes that Raft then lost (never committed).
        assertCaught(Mode.EARLY_ACKNOWLEDGEMENTS, "write acknowledged before commit");
    }

    /** Within a few seeds, the checker reports an anomaly that involves the broken path. */
    private static void assertCaught(Mode mode, String what) {
        for (long seed = 1; seed <= BROKEN_SEEDS; seed++) {
            Run run = new Run(seed, mode);
            run.execute();
            CheckResult result = new LinearizabilityChecker().check(run.recorder.history());
            if (result.verdict() == Verdict.NOT_LINEARIZABLE) {
                boolean blamesBrokenPath = result.smallestFailure().stream()
                        .anyMatch(operation -> run.takenBrokenPath.contains(operation.id()));
                assertTrue(blamesBrokenPath, "the failure must involve the broken path: "
                        + result.report());
                System.out.println(what + " caught, seed " + seed + " (times: tick x 1000"
                        + " + order within the tick): " + result.report());
                return;
            }
        }
        fail("no " + what + " was caught in " + BROKEN_SEEDS + " seeds");
    }

    /** Which client path is deliberately broken, if any. */
    private enum Mode {
        CORRECT,
        /** Reads return whatever a random live node has applied, leader or not. */
        STALE_READS,
        /** Puts are acknowledged when the leader accepts them, before they commit. */
        EARLY_ACKNOWLEDGEMENTS
    }

    /** How a client's request travels. */
    private enum Path { LOG, READ_INDEX }

    /** A client's operation in flight. */
    private static final class Pending {
        long operation;
        OperationKind kind;
        String key;
        String expected;
        Path path;
        int node;
        int restarts;
        long index;
        long term;
        /** A ReadIndex read: the index of the state its node answered from; -1 until then. */
        long readIndex = -1;
        long deadlineTick;
    }

    /** One seed: the cluster, its clients, what they recorded. */
    private static final class Run {
        final SimCluster cluster;
        final HistoryRecorder recorder;
        final CommittedLog log = new CommittedLog();
        final Mode mode;
        final Pending[] pending = new Pending[CLIENTS];
        final Map<Long, Pending> readsInFlight = new HashMap<>();
        /** Operations that took the broken path of the mode. */
        final Set<Long> takenBrokenPath = new HashSet<>();
        final Map<String, Long> tally = new HashMap<>();
        private long lastTick = -1;
        private long eventInTick;
        private long values;

        Run(long seed, Mode mode) {
            this.mode = mode;
            this.cluster = new SimCluster(NODES, seed, SimNetwork.Faults.UNRELIABLE,
                    1 + (int) (seed % 8), seed % 2 == 0);
            cluster.snapshotEvery(SNAPSHOT_THRESHOLDS[(int) (seed % SNAPSHOT_THRESHOLDS.length)]);
            this.recorder = new HistoryRecorder(100_000, this::clock);
            cluster.observeReads((node, read) -> {
                Pending waiting = readsInFlight.remove(read.requestId());
                if (waiting != null && waiting.node == node) {
                    waiting.readIndex = read.appliedIndex();
                }
            });
        }

        /** Tick × 1000 + the event's order within the tick: real-time order, in ticks. */
        private long clock() {
            if (cluster.now != lastTick) {
                lastTick = cluster.now;
                eventInTick = 0;
            }
            return cluster.now * 1_000 + eventInTick++;
        }

        void execute() {
            try {
                chaos();
                drain();
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError(failure.getMessage() + "\n" + cluster.describe(),
                        failure);
            }
        }

        private void chaos() {
            // Calm seeds run long stretches of replication, violent ones lose the leader often.
            double faultRate = 0.002 + cluster.random.nextDouble() * 0.015;
            for (int tick = 0; tick < CHAOS_TICKS; tick++) {
                observeCompletions();
                for (int client = 0; client < CLIENTS; client++) {
                    if (pending[client] == null && cluster.random.nextDouble() < 0.3) {
                        invoke(client);
                    }
                }
                injectFault(faultRate);
                cluster.tick();
            }
        }

        /** Faults end; clients wait for what they have in flight, then the run is over. */
        private void drain() {
            cluster.healAll();
            for (int id = 1; id <= NODES; id++) {
                cluster.restart(id);
            }
            cluster.network.setFaults(SimNetwork.Faults.NONE);
            for (int tick = 0; tick < DRAIN_TICKS && hasPending(); tick++) {
                observeCompletions();
                cluster.tick();
            }
            observeCompletions();
        }

        private boolean hasPending() {
            for (Pending operation : pending) {
                if (operation != null) {
                    return true;
                }
            }
            return false;
        }

        private void injectFault(double faultRate) {
            int node = 1 + cluster.random.nextInt(NODES);
            double roll = cluster.random.nextDouble();
            if (roll < faultRate) {
                cluster.crash(node);
            } else if (roll < faultRate * 3) {
                restartACrashedNode();
            } else if (roll < faultRate * 4) {
                // One partition at a time, as a nemesis does: cuts that pile up would leave
                // no majority connected for most of the run, and clients with nothing to do.
                cluster.healAll();
                cluster.isolate(node);
            } else if (roll < faultRate * 5) {
                cluster.healAll();
                cluster.partition(Set.of(node, 1 + node % NODES));
            } else if (roll < faultRate * 6) {
                cluster.crash(cluster.leader());
            } else if (roll < faultRate * 7) {
                cluster.healAll();
            } else if (roll < faultRate * 8) {
                cluster.transfer(cluster.leader(), node);
            }
        }

        /** Crashed nodes come back after about as long as live ones run between crashes. */
        private void restartACrashedNode() {
            List<Integer> down = new ArrayList<>();
            for (int id = 1; id <= NODES; id++) {
                if (!cluster.node(id).isUp()) {
                    down.add(id);
                }
            }
            if (!down.isEmpty()) {
                cluster.restart(down.get(cluster.random.nextInt(down.size())));
            }
        }

        // ------------------------------------------------------------ invoking

        private void invoke(int client) {
            int roll = cluster.random.nextInt(100);
            OperationKind kind = roll < 35 ? OperationKind.PUT : roll < 75 ? OperationKind.GET
                    : roll < 90 ? OperationKind.CAS : OperationKind.DELETE;
            String key = "k" + cluster.random.nextInt(KEYS);
            String value = kind == OperationKind.PUT || kind == OperationKind.CAS
                    ? "v" + ++values : null;
            // A compare-and-set expects what the cluster last held: it succeeds often enough.
            String expected = kind == OperationKind.CAS ? log.latest().get(key) : null;
            long operation = recorder.invoke(client, kind, key, value, expected);
            if (kind == OperationKind.GET && mode == Mode.STALE_READS) {
                serveLocally(operation, key);
                return;
            }
            int target = cluster.leader() != 0 && cluster.random.nextDouble() < 0.8
                    ? cluster.leader() : 1 + cluster.random.nextInt(NODES);
            Pending started = new Pending();
            started.operation = operation;
            started.kind = kind;
            started.key = key;
            started.expected = expected;
            started.node = target;
            started.restarts = cluster.node(target).restarts;
            started.deadlineTick = cluster.now + TIMEOUT_TICKS;
            boolean accepted = kind == OperationKind.GET && cluster.random.nextBoolean()
                    ? startReadIndex(started) : propose(started, value);
            if (accepted && kind == OperationKind.PUT && mode == Mode.EARLY_ACKNOWLEDGEMENTS) {
                complete(started, Outcome.OK, null);
                takenBrokenPath.add(operation);
            } else if (accepted) {
                pending[client] = started;
            } else {
                complete(started, Outcome.FAIL, null);
            }
        }

        private boolean startReadIndex(Pending read) {
            read.path = Path.READ_INDEX;
            long requestId = cluster.startRead(read.node);
            if (requestId != 0) {
                readsInFlight.put(requestId, read);
            }
            return requestId != 0;
        }

        private boolean propose(Pending operation, String value) {
            operation.path = Path.LOG;
            String command = "op " + operation.operation + " " + operation.kind + " "
                    + operation.key + " " + orDash(value) + " " + orDash(operation.expected);
            ProposeResult result = cluster.propose(operation.node, command);
            operation.index = result.index();
            operation.term = result.term();
            return result.accepted();
        }

        /** The stale path under test: whatever some node has applied, leader or not. */
        private void serveLocally(long operation, String key) {
            List<Integer> up = cluster.upNodes();
            if (up.isEmpty()) {
                recorder.fail(operation);
                return;
            }
            SimNode node = cluster.node(up.get(cluster.random.nextInt(up.size())));
            log.catchUp(cluster);
            recorder.ok(operation, log.stateAt(node.lastAppliedIndex()).get(key));
            takenBrokenPath.add(operation);
            count("get served locally ok");
        }

        // ------------------------------------------------------------ completing

        private void observeCompletions() {
            log.catchUp(cluster);
            for (int client = 0; client < CLIENTS; client++) {
                Pending operation = pending[client];
                if (operation != null && observe(operation)) {
                    pending[client] = null;
                }
            }
        }

        /** Completes {@code operation} if its client would know the outcome by now. */
        private boolean observe(Pending operation) {
            SimNode node = cluster.node(operation.node);
            if (!node.isUp() || node.restarts != operation.restarts) {
                complete(operation, Outcome.UNKNOWN, null); // the connection broke
                return true;
            }
            long applied = node.lastAppliedIndex();
            if (operation.path == Path.LOG && applied >= operation.index) {
                Entry entry = node.applied.get((int) operation.index - 1);
                if (entry.term() != operation.term) {
                    complete(operation, Outcome.FAIL, null); // another entry took its place
                } else {
                    completeFromLog(operation);
                }
                return true;
            }
            if (operation.path == Path.READ_INDEX && operation.readIndex >= 0
                    && applied >= operation.readIndex) {
                // The node answered from its state at that index.
                complete(operation, Outcome.OK,
                        log.stateAt(operation.readIndex).get(operation.key));
                return true;
            }
            if (cluster.now >= operation.deadlineTick) {
                complete(operation, Outcome.UNKNOWN, null);
                return true;
            }
            return false;
        }

        private void completeFromLog(Pending operation) {
            String before = log.stateAt(operation.index - 1).get(operation.key);
            switch (operation.kind) {
                case GET -> complete(operation, Outcome.OK, before);
                case CAS -> complete(operation, Objects.equals(before, operation.expected)
                        ? Outcome.OK : Outcome.FAIL, null);
                default -> complete(operation, Outcome.OK, null);
            }
        }

        private void complete(Pending operation, Outcome outcome, String result) {
            switch (outcome) {
                case OK -> recorder.ok(operation.operation, result);
                case FAIL -> recorder.fail(operation.operation);
                case UNKNOWN -> recorder.unknown(operation.operation);
            }
            String how = operation.kind != OperationKind.GET ? ""
                    : operation.path == Path.LOG ? " via log" : " via ReadIndex";
            count(operation.kind.name().toLowerCase() + how + " " + outcome.name().toLowerCase());
        }

        private void count(String label) {
            tally.merge(label, 1L, Long::sum);
        }
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    /**
     * The meaning of the committed log, learnt from whatever any node applied (the simulator
     * checks that all agree): the key/value state after each index, so a client can be told
     * what its log read or ReadIndex read returned. Commands are
     * {@code op <id> <KIND> <key> <value or -> <expected or ->}; other entries change nothing.
     */
    private static final class CommittedLog {
        private final List<Map<String, String>> stateAfter = new ArrayList<>(List.of(Map.of()));

        void catchUp(SimCluster cluster) {
            for (int id = 1; id <= NODES; id++) {
                SimNode node = cluster.node(id);
                while (node.isUp() && node.applied.size() > lastIndex()) {
                    Entry entry = node.applied.get(lastIndex());
                    if (entry.index() != lastIndex() + 1) {
                        throw new IllegalStateException("node " + id + " applied " + entry
                                + " at position " + lastIndex());
                    }
                    stateAfter.add(apply(latest(), entry));
                }
            }
        }

        int lastIndex() {
            return stateAfter.size() - 1;
        }

        Map<String, String> latest() {
            return stateAfter.get(lastIndex());
        }

        Map<String, String> stateAt(long index) {
            return stateAfter.get((int) index);
        }

        private static Map<String, String> apply(Map<String, String> before, Entry entry) {
            String text = new String(entry.data(), StandardCharsets.UTF_8);
            String[] words = text.split(" ");
            if (entry.type() != EntryType.COMMAND || words.length != 6 || !words[0].equals("op")) {
                return before;
            }
            OperationKind kind = OperationKind.valueOf(words[2]);
            String key = words[3];
            String value = words[4].equals("-") ? null : words[4];
            String expected = words[5].equals("-") ? null : words[5];
            Map<String, String> after = new HashMap<>(before);
            switch (kind) {
                case PUT -> after.put(key, value);
                case DELETE -> after.remove(key);
                case CAS -> {
                    if (Objects.equals(before.get(key), expected)) {
                        after.put(key, value);
                    }
                }
                case GET -> {
                    return before;
                }
            }
            return after;
        }
    }
}
