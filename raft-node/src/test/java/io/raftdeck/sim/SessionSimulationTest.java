package io.raftdeck.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.history.CheckResult;
import io.raftdeck.history.HistoryRecorder;
import io.raftdeck.history.LinearizabilityChecker;
import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.KeyValueCommand;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.statemachine.StampedCommand;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Duplicated client requests apply once (issue 4), with the clients' requests going through
 * the service code a node runs (issue 13). Clients with sessions send puts, deletes,
 * compare-and-sets, linearizable gets and free text to random nodes over links that delay and
 * lose requests and answers ({@link SimLinks}); the node's service routes each with the
 * production router ({@link SimClientService}), which sends it again with the same identity
 * after a lost answer, and the client sends it again elsewhere while it has no answer; stale
 * copies of answered requests come back the same way and must get their first answer. Beside
 * them, clients that hand session-stamped requests to nodes' loops directly (no retry cache
 * sees those) resend them and stale copies of older ones, so the same (client, sequence)
 * lands in the log several times. All this through leader changes, crashes, partitions and a
 * lossy, duplicating network. Every node's key/value store, fed the entries the node applied,
 * must equal a reference that applies each request at its first entry only, answer every
 * repeat with the first entry's index, and take exactly the same decisions as every other
 * node; every answer a client heard must name the request's first entry; and every seed's
 * history of the routed clients must be linearizable.
 *
 * <p>{@code -Dsim.seeds=N} sets how many seeds run (default 1000); {@code -Dseed=N} replays one.
 */
class SessionSimulationTest {

    private static final int NODES = 5;
    private static final int CLIENTS = 3;
    private static final int LOG_CLIENTS = 2;
    private static final int CHAOS_TICKS = 1_000;
    private static final int SETTLE_TICKS = 400;
    private static final int CONVERGENCE_TICKS = 3_000;
    private static final int ATTEMPT_TIMEOUT_TICKS = 100;
    private static final int CLIENT_TIMEOUT_TICKS = 250;
    /** Chance per tick that a stale copy of an answered request is sent again. */
    private static final double STALE_COPY_CHANCE = 0.05;

    /** The machine is shared: CPU time says what a run costs, wall time what it took. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Test
    void duplicatedClientRequestsApplyOnceForEverySeed() {
        // Proves a (client, sequence) applies once however often it is sent or logged.
        String replay = System.getProperty("seed");
        long first = replay != null ? Long.parseLong(replay) : 1;
        int count = replay != null ? 1 : Integer.getInteger("sim.seeds", 1000);
        Totals totals = new Totals();
        long started = System.nanoTime();
        long startedCpu = CPU.getCurrentThreadCpuTime();
        for (long seed = first; seed < first + count; seed++) {
            runSeed(seed, totals);
        }
        System.out.printf("session simulation: %d seeds in %d ms (%d ms of CPU): %d requests "
                + "applied, %d repeats in the log answered from sessions, %d stale copies "
                + "answered with their first entry, %d answers after more than one attempt, %d "
                + "answers lost%n", count, (System.nanoTime() - started) / 1_000_000,
                (CPU.getCurrentThreadCpuTime() - startedCpu) / 1_000_000, totals.applied,
                totals.repeats, totals.repeatsAnswered, totals.clients.answeredAfterRetry,
                totals.links.lostAnswers);
        if (replay == null) {
            assertTrue(totals.repeats >= count, "the workload must put repeats into the log");
            assertTrue(totals.repeatsAnswered >= count, "stale copies must get answers");
            assertTrue(totals.clients.answeredAfterRetry >= count / 2,
                    "the workload must send requests again and get them answered");
        }
    }

    private static final class Totals {
        final RoutedClient.Totals clients = new RoutedClient.Totals();
        final SimLinks.Totals links = new SimLinks.Totals();
        long applied;
        long repeats;
        long repeatsAnswered;
    }

    private static void runSeed(long seed, Totals totals) {
        boolean preVoteAndCheckQuorum = seed % 2 == 0;
        SimCluster cluster = new SimCluster(NODES, seed, SimNetwork.Faults.UNRELIABLE,
                1 + (int) (seed % 8), preVoteAndCheckQuorum);
        SimScheduler scheduler = new SimScheduler();
        SimServices services = new SimServices(cluster, scheduler,
                ExactlyOnceSimulationTest.LINK_FAULTS, totals.links);
        HistoryRecorder recorder = new HistoryRecorder(100_000, new TickClock(cluster));
        List<RoutedClient.Answer> answers = new ArrayList<>();
        Map<String, String> lastSeen = new HashMap<>();
        List<RoutedClient> clients = new ArrayList<>();
        for (int c = 1; c <= CLIENTS; c++) {
            clients.add(new RoutedClient(c, seed * 1_000 + c, services, recorder, cluster.random,
                    totals.clients, lastSeen, answers::add, ATTEMPT_TIMEOUT_TICKS,
                    CLIENT_TIMEOUT_TICKS));
        }
        try {
            chaos(cluster, services, clients, answers, totals);
            settle(cluster, scheduler, clients);
            converge(cluster);
            check(cluster, answers, totals);
            CheckResult history = new LinearizabilityChecker().check(recorder.history());
            if (!history.isLinearizable()) {
                fail("the client history is not linearizable: " + history.report());
            }
        } catch (AssertionError | RuntimeException failure) {
            throw new AssertionError("seed " + seed + ": " + failure.getMessage() + "\n"
                    + cluster.describe(), failure);
        }
    }

    private static void chaos(SimCluster cluster, SimServices services,
                              List<RoutedClient> clients, List<RoutedClient.Answer> answers,
                              Totals totals) {
        Observer observer = new Observer();
        List<LogClient> logClients = new ArrayList<>();
        for (int c = 1; c <= LOG_CLIENTS; c++) {
            logClients.add(new LogClient(cluster.seed * 1_000 + 100 + c));
        }
        double faultRate = 0.002 + cluster.random.nextDouble() * 0.02;
        for (int tick = 0; tick < CHAOS_TICKS; tick++) {
            if (cluster.random.nextDouble() < 0.4) {
                clients.get(cluster.random.nextInt(clients.size())).sendNext();
            }
            if (!answers.isEmpty() && cluster.random.nextDouble() < STALE_COPY_CHANCE) {
                resend(services, recent(cluster, answers), totals);
            }
            observer.scan(cluster);
            if (cluster.random.nextDouble() < 0.3) {
                logClients.get(cluster.random.nextInt(logClients.size())).act(cluster, observer);
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
            services.scheduler.runDue(cluster.now);
            cluster.tick();
        }
    }

    private static RoutedClient.Answer recent(SimCluster cluster,
                                              List<RoutedClient.Answer> requests) {
        return requests.get(Math.max(0, requests.size() - 1 - cluster.random.nextInt(4)));
    }

    /**
     * An answered request sent again with its session to a random node's service: wherever
     * it lands, the answer must be the first one's (the leader's retry cache or the state
     * machine's session table gives it).
     */
    private static void resend(SimServices services, RoutedClient.Answer answered,
                               Totals totals) {
        SessionRef session = SessionRef.newBuilder().setClientId(answered.session().clientId())
                .setSequence(answered.session().sequence()).build();
        int target = 1 + services.cluster.random.nextInt(NODES);
        services.whenDone(services.write(target, answered.command(), session,
                ATTEMPT_TIMEOUT_TICKS), (result, error) -> {
                    if (result != null) {
                        totals.repeatsAnswered++;
                        assertEquals(answered.result().index() + "@" + answered.result().term(),
                                result.index() + "@" + result.term(), () -> "the repeat of "
                                        + answered.session() + " got another answer");
                    }
                });
    }

    /** No new requests and no faults: every request in flight ends, one way or another. */
    private static void settle(SimCluster cluster, SimScheduler scheduler,
                               List<RoutedClient> clients) {
        cluster.healAll();
        for (int id = 1; id <= NODES; id++) {
            cluster.restart(id);
        }
        for (int tick = 0; tick < SETTLE_TICKS
                && clients.stream().anyMatch(RoutedClient::busy); tick++) {
            scheduler.runDue(cluster.now);
            cluster.tick();
        }
        assertTrue(clients.stream().noneMatch(RoutedClient::busy),
                "a client still waits after its deadline");
    }

    /** Faults stop; every node applies a final probe, so every log is complete. */
    private static void converge(SimCluster cluster) {
        boolean done = cluster.healAndConverge("converge-" + cluster.seed, CONVERGENCE_TICKS);
        if (!done) {
            fail("no convergence within " + CONVERGENCE_TICKS + " ticks after healing");
        }
    }

    /** Every node's store against the reference, and against every other node's store. */
    private static void check(SimCluster cluster, List<RoutedClient.Answer> answers,
                              Totals totals) {
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
            for (RoutedClient.Answer answer : answers) {
                Long firstIndex = reference.firstIndex.get(answer.session());
                assertEquals(firstIndex, answer.result().index(), () -> answer.session()
                        + " was answered with another entry than its first");
            }
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
                } else if (operation instanceof KeyValueCommand.Cas cas) {
                    String expected = cas.expected() == null ? null
                            : new String(cas.expected(), StandardCharsets.UTF_8);
                    if (Objects.equals(values.get(cas.key()), expected)) {
                        values.put(cas.key(), new String(cas.value(), StandardCharsets.UTF_8));
                    }
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
     * A client that hands its requests to nodes' loops directly, stamped with its session but
     * without the identity a service passes along, so no retry cache sees them: it resends the
     * current one until it applied, then sometimes again (its answer was lost), and sometimes
     * a stale copy of a recent older one. Only the state machine's session table keeps these
     * copies, which land in the log, from applying twice. Its keys are its own: it records no
     * history.
     */
    private static final class LogClient {
        private final long clientId;
        private final List<byte[]> sent = new ArrayList<>();

        LogClient(long clientId) {
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
            String key = "s" + cluster.random.nextInt(3); // apart from the routed clients' keys
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
