package io.raftdeck.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.KeyValueCommand;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.statemachine.StampedCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Duplicated client requests apply once (issue 4): clients with sessions resend requests
 * whose answers they "lost" and stale copies of older ones, through leader changes, crashes,
 * partitions and a lossy, duplicating network, so the same (client, sequence) lands in the log
 * several times. Every node's key/value store, fed the entries the node applied, must equal a
 * reference that applies each request at its first entry only, answer every repeat with the
 * first entry's index, and take exactly the same decisions as every other node.
 *
 * <p>{@code -Dsim.seeds=N} sets how many seeds run (default 1000); {@code -Dseed=N} replays one.
 */
class SessionSimulationTest {

    private static final int NODES = 5;
    private static final int CLIENTS = 3;
    private static final int CHAOS_TICKS = 1_000;
    private static final int CONVERGENCE_TICKS = 3_000;

    @Test
    void duplicatedClientRequestsApplyOnceForEverySeed() {
        String replay = System.getProperty("seed");
        long first = replay != null ? Long.parseLong(replay) : 1;
        int count = replay != null ? 1 : Integer.getInteger("sim.seeds", 1000);
        Totals totals = new Totals();
        for (long seed = first; seed < first + count; seed++) {
            runSeed(seed, totals);
        }
        System.out.printf("session simulation: %d seeds: %d requests applied, %d repeats "
                + "answered from sessions%n", count, totals.applied, totals.repeats);
        assertTrue(totals.repeats >= count, "the workload must put repeats into the log");
    }

    private static final class Totals {
        long applied;
        long repeats;
    }

    private static void runSeed(long seed, Totals totals) {
        boolean preVoteAndCheckQuorum = seed % 2 == 0;
        SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.UNRELIABLE,
                1 + (int) (seed % 8), preVoteAndCheckQuorum);
        Observer observer = new Observer();
        List<SimClient> clients = new ArrayList<>();
        for (int c = 1; c <= CLIENTS; c++) {
            clients.add(new SimClient(seed * 1_000 + c));
        }
        try {
            chaos(cluster, observer, clients);
            converge(cluster);
            check(cluster, totals);
        } catch (AssertionError | RuntimeException failure) {
            throw new AssertionError(failure.getMessage() + "\n" + cluster.describe(), failure);
        }
    }

    private static void chaos(SimCluster cluster, Observer observer, List<SimClient> clients) {
        double faultRate = 0.002 + cluster.random.nextDouble() * 0.02;
        for (int tick = 0; tick < CHAOS_TICKS; tick++) {
            observer.scan(cluster);
            if (cluster.random.nextDouble() < 0.4) {
                SimClient client = clients.get(cluster.random.nextInt(clients.size()));
                client.act(cluster, observer);
            }
            int node = 1 + cluster.random.nextInt(NODES);
            double roll = cluster.random.nextDouble();
            if (roll < faultRate) {
                cluster.crash(node);
            } else if (roll < faultRate * 3) {
                cluster.restart(node);
            } else if (roll < faultRate * 4) {
                cluster.isolate(node);
            } else if (roll < faultRate * 5) {
                cluster.crash(cluster.leader());
            } else if (roll < faultRate * 6) {
                cluster.healAll();
            }
            cluster.tick();
        }
    }

    /** Faults stop; every node applies a final probe, so every log is complete. */
    private static void converge(SimCluster cluster) {
        boolean done = cluster.healAndConverge("converge-" + cluster.seed, CONVERGENCE_TICKS);
        if (!done) {
            fail("no convergence within " + CONVERGENCE_TICKS + " ticks after healing");
        }
    }

    /** Every node's store against the reference, and against every other node's store. */
    private static void check(SimCluster cluster, Totals totals) {
        int common = Integer.MAX_VALUE;
        for (int id = 1; id <= NODES; id++) {
            common = Math.min(common, cluster.node(id).applied.size());
        }
        byte[] firstSnapshot = null;
        for (int id = 1; id <= NODES; id++) {
            List<Entry> applied = cluster.node(id).applied.subList(0, common);
            KeyValueStore store = new KeyValueStore();
            Reference reference = new Reference();
            for (Entry entry : applied) {
                reference.check(entry, store.apply(entry), id);
            }
            reference.assertSameState(store, id);
            byte[] snapshot = store.snapshot();
            if (firstSnapshot == null) {
                firstSnapshot = snapshot;
                totals.applied += reference.firstIndex.size();
                totals.repeats += reference.repeats;
            } else {
                assertArrayEquals(firstSnapshot, snapshot, "node " + id + " decided otherwise");
            }
        }
    }

    /** The expected meaning of a log: each request applies at its first entry, only there. */
    private static final class Reference {
        final Map<ClientRequestId, Long> firstIndex = new HashMap<>();
        final Map<String, String> values = new TreeMap<>();
        long repeats;

        void check(Entry entry, ApplyResult result, int node) {
            Optional<StampedCommand> stamped = entry.type() == EntryType.COMMAND
                    ? StampedCommand.decode(entry.data()) : Optional.empty();
            assertFalse(result.isRefused(), () -> "node " + node + " refused " + entry + ": "
                    + result.refusal());
            if (stamped.isEmpty()) {
                assertEquals(entry.index(), result.index());
                return;
            }
            ClientRequestId request = stamped.get().request();
            Long first = firstIndex.putIfAbsent(request, entry.index());
            if (first != null) {
                repeats++;
                assertEquals(first, result.index(), () -> "node " + node + " answered the "
                        + "repeat of " + request + " at " + entry.index() + " with a new index");
                return;
            }
            assertEquals(entry.index(), result.index());
            KeyValueCommand.decode(stamped.get().command()).ifPresent(operation -> {
                if (operation instanceof KeyValueCommand.Put put) {
                    values.put(put.key(), new String(put.value(), StandardCharsets.UTF_8));
                } else {
                    values.remove(operation.key());
                }
            });
        }

        void assertSameState(KeyValueStore store, int node) {
            assertEquals(values.size(), store.size(), "keys on node " + node);
            values.forEach((key, value) -> assertEquals(value, store.read(key)
                    .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse(null),
                    "value of " + key + " on node " + node));
        }
    }

    /** Which requests some node has applied: what a client could have heard an answer to. */
    private static final class Observer {
        final Set<ClientRequestId> applied = new HashSet<>();
        private final int[] scanned = new int[NODES + 1];

        void scan(SimCluster cluster) {
            for (int id = 1; id <= NODES; id++) {
                List<Entry> entries = cluster.node(id).applied;
                if (entries.size() < scanned[id]) {
                    scanned[id] = 0; // crashed: it applies again from the start
                }
                for (Entry entry : entries.subList(scanned[id], entries.size())) {
                    if (entry.type() == EntryType.COMMAND) {
                        StampedCommand.decode(entry.data())
                                .ifPresent(stamped -> applied.add(stamped.request()));
                    }
                }
                scanned[id] = entries.size();
            }
        }
    }

    /**
     * A client that numbers its requests and resends: the current one until it applied, then
     * sometimes again (its answer was lost), and sometimes a stale copy of a recent older one.
     */
    private static final class SimClient {
        private final long clientId;
        private final List<byte[]> sent = new ArrayList<>();

        SimClient(long clientId) {
            this.clientId = clientId;
        }

        void act(SimCluster cluster, Observer observer) {
            long current = sent.size();
            if (current == 0 || observer.applied.contains(request(current))) {
                double roll = cluster.random.nextDouble();
                if (current > 0 && roll < 0.25) {
                    send(cluster, current);
                } else if (current > 1 && roll < 0.40) {
                    send(cluster, Math.max(1, current - 1 - cluster.random.nextInt(3)));
                } else {
                    sent.add(nextCommand(cluster, current + 1));
                    send(cluster, current + 1);
                }
            } else {
                send(cluster, current);
            }
        }

        private ClientRequestId request(long sequence) {
            return new ClientRequestId(clientId, sequence);
        }

        /** Puts and deletes on keys every client shares, so a second application would show. */
        private byte[] nextCommand(SimCluster cluster, long sequence) {
            String key = "k" + cluster.random.nextInt(3);
            int kind = cluster.random.nextInt(10);
            byte[] command = kind < 7 ? new KeyValueCommand.Put(key, (clientId + "/" + sequence)
                    .getBytes(StandardCharsets.UTF_8)).encode()
                    : kind < 9 ? new KeyValueCommand.Delete(key).encode()
                    : ("note " + sequence).getBytes(StandardCharsets.UTF_8);
            return StampedCommand.ofSession(request(sequence), command).encode();
        }

        /** To the leader mostly, else to any node (a follower refuses, as a stale view would). */
        private void send(SimCluster cluster, long sequence) {
            int target = cluster.random.nextDouble() < 0.8 ? cluster.leader()
                    : 1 + cluster.random.nextInt(NODES);
            if (target != 0 && cluster.node(target).isUp()) {
                cluster.propose(target, sent.get((int) sequence - 1));
            }
        }
    }
}
