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
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.statemachine.StampedCommand;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A request sent once reaches the log at most once, on every path (issue 11), through the
 * service code a node runs (issue 13). Clients with sessions and clients without (as the
 * seed's client is) send puts, deletes, compare-and-sets, linearizable gets and free text to
 * random nodes over simulated links that delay, lose the request and lose the answer
 * ({@link SimLinks}); each node's service stamps the request's identity as production does
 * and routes it with the production router ({@code LeaderRouting}, via
 * {@link SimClientService}): forwarded to the leader, retried with the same identity across
 * leader changes, crashes in the middle of a request and answers lost on the way back, until
 * the deadline; a client with a session sends its request again elsewhere while it has no
 * answer. The nodes run the real {@code LeaderProposals} with its retry cache and the real
 * key/value store. In every node's log no request identity may appear twice; every answered
 * request must be there exactly once, at the index and term its answer named; every node's
 * store must match a replay of the log; and every seed's client history must be linearizable.
 *
 * <p>{@code -Dsim.seeds=N} sets how many seeds run (default 1000); {@code -Dseed=N} replays one.
 */
class ExactlyOnceSimulationTest {

    private static final int NODES = 5;
    private static final int SESSION_CLIENTS = 2;
    private static final int ONE_SHOT_CLIENTS = 3;
    private static final int CHAOS_TICKS = 1_000;
    private static final int SETTLE_TICKS = 400;
    private static final int CONVERGENCE_TICKS = 3_000;
    /** One attempt's deadline, as a client sets it: several election timeouts. */
    private static final int ATTEMPT_TIMEOUT_TICKS = 100;
    /** A client with a session keeps sending one request to other nodes for this long. */
    private static final int CLIENT_TIMEOUT_TICKS = 250;
    static final SimLinks.Faults LINK_FAULTS = new SimLinks.Faults(0.05, 0.15, 3, false);
    private static final int[] SNAPSHOT_THRESHOLDS = {0, 7, 19};

    /** The machine is shared: CPU time says what a run costs, wall time what it took. */
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Test
    void everyRequestReachesTheLogAtMostOnceAndEveryAnsweredOneExactlyOnce() {
        // Proves retries across leader changes, crashes and lost answers never append twice,
        // and that what the clients heard is linearizable.
        String replay = System.getProperty("seed");
        long first = replay != null ? Long.parseLong(replay) : 1;
        int count = replay != null ? 1 : Integer.getInteger("sim.seeds", 1000);
        Tally tally = new Tally();
        long started = System.nanoTime();
        long startedCpu = CPU.getCurrentThreadCpuTime();
        for (long seed = first; seed < first + count; seed++) {
            new Run(seed, tally, SimMutation.NONE).execute();
        }
        RoutedClient.Totals clients = tally.clients;
        SimLinks.Totals links = tally.links;
        System.out.printf("exactly-once simulation: %d seeds in %d ms (%d ms of CPU): %d "
                + "operations, %d answered (%d after more than one attempt), %d failed, %d "
                + "unknown; %d calls (forwards included), %d refused, %d requests lost, %d "
                + "answers lost, %d broken by a crash, %d timed out; %d checker steps%n", count,
                (System.nanoTime() - started) / 1_000_000,
                (CPU.getCurrentThreadCpuTime() - startedCpu) / 1_000_000, clients.operations,
                clients.answered, clients.answeredAfterRetry, clients.failed, clients.unknown,
                links.calls, links.refused, links.lostRequests, links.lostAnswers,
                links.brokenByCrash, links.timedOut, tally.checkerSteps);
        if (replay == null) {
            assertTrue(clients.answeredAfterRetry >= count, "the workload must send requests"
                    + " again and get them answered");
            assertTrue(links.lostAnswers >= count, "answers must get lost");
            assertTrue(links.brokenByCrash >= count / 10, "nodes must crash holding requests");
        }
    }

    @Test
    void aLostAnswerReportedAsNotProposedIsCaught() {
        // Proves the checks see a dishonest "not proposed": links that mark a lost answer so.
        SimLinks.Faults lying = new SimLinks.Faults(LINK_FAULTS.lostRequestChance(),
                LINK_FAULTS.lostAnswerChance(), LINK_FAULTS.maxHopTicks(), true);
        for (long seed = 1; seed <= 50; seed++) {
            try {
                new Run(seed, new Tally(), SimMutation.NONE, lying).execute();
            } catch (AssertionError caught) {
                assertTrue(caught.getMessage().contains("was told was not proposed")
                        || caught.getMessage().contains("not linearizable"), caught::getMessage);
                System.out.println("a lost answer said not proposed: caught by seed " + seed
                        + ": " + caught.getMessage().lines().findFirst().orElse(""));
                return;
            }
        }
        fail("a lost answer said not proposed was not caught in 50 seeds");
    }

    /** Counts over every seed. */
    static final class Tally {
        final RoutedClient.Totals clients = new RoutedClient.Totals();
        final SimLinks.Totals links = new SimLinks.Totals();
        long checkerSteps;
    }

    /**
     * One seed: chaos with clients, a quiet settling, convergence, then the checks; the nodes
     * are built with {@code mutation} ({@link SimMutation#NONE}: correct) for the mutation
     * tests.
     */
    static final class Run {
        final SimCluster cluster;
        final SimScheduler scheduler = new SimScheduler();
        final SimServices services;
        final Tally tally;
        final HistoryRecorder recorder;
        /** Every answer a client heard to a write. */
        final List<RoutedClient.Answer> answers = new ArrayList<>();
        final List<RoutedClient> clients = new ArrayList<>();
        Run(long seed, Tally tally, SimMutation mutation) {
            this(seed, tally, mutation, LINK_FAULTS);
        }

        Run(long seed, Tally tally, SimMutation mutation, SimLinks.Faults linkFaults) {
            this.tally = tally;
            this.cluster = new SimCluster(NODES, seed, SimNetwork.Faults.UNRELIABLE,
                    1 + (int) (seed % 8), seed % 2 == 0);
            cluster.snapshotEvery(SNAPSHOT_THRESHOLDS[(int) (seed % SNAPSHOT_THRESHOLDS.length)]);
            cluster.crashMidReady(0.05);
            cluster.disks(RandomizedWorkload.STALLED_SYNC_CHANCE,
                    RandomizedWorkload.FAILED_SYNC_CHANCE);
            if (mutation != SimMutation.NONE) {
                cluster.mutate(mutation);
            }
            this.services = new SimServices(cluster, scheduler, linkFaults, tally.links);
            this.recorder = new HistoryRecorder(100_000, new TickClock(cluster));
            Map<String, String> lastSeen = new HashMap<>();
            for (int c = 1; c <= SESSION_CLIENTS + ONE_SHOT_CLIENTS; c++) {
                clients.add(new RoutedClient(c, c <= SESSION_CLIENTS ? seed * 1_000 + c : 0,
                        services, recorder, cluster.random, tally.clients, lastSeen,
                        this::answered, ATTEMPT_TIMEOUT_TICKS, CLIENT_TIMEOUT_TICKS));
            }
        }

        void execute() {
            try {
                chaos();
                settle();
                if (!cluster.healAndConverge("converge-" + cluster.seed, CONVERGENCE_TICKS)) {
                    fail("no convergence within " + CONVERGENCE_TICKS + " ticks after healing");
                }
                check();
                checkHistory();
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError("seed " + cluster.seed + ": " + failure.getMessage()
                        + "\n" + cluster.describe(), failure);
            }
        }

        private void chaos() {
            double faultRate = 0.002 + cluster.random.nextDouble() * 0.02;
            for (int tick = 0; tick < CHAOS_TICKS; tick++) {
                if (cluster.random.nextDouble() < 0.5) {
                    clients.get(cluster.random.nextInt(clients.size())).sendNext();
                }
                int node = 1 + cluster.random.nextInt(NODES);
                double roll = cluster.random.nextDouble();
                if (roll < faultRate) {
                    cluster.crash(node);
                } else if (roll < faultRate * 4) {
                    cluster.restart(node);
                } else if (roll < faultRate * 5) {
                    cluster.isolate(node);
                } else if (roll < faultRate * 6) {
                    cluster.crash(cluster.leader()); // mid-request, for whoever is waiting
                } else if (roll < faultRate * 8) {
                    cluster.healAll();
                }
                tick();
            }
        }

        /** No new requests and no faults: every request in flight ends, one way or another. */
        private void settle() {
            cluster.crashMidReady(0);
            cluster.disks(0, 0);
            cluster.healAll();
            for (int id = 1; id <= NODES; id++) {
                cluster.restart(id);
            }
            for (int tick = 0; tick < SETTLE_TICKS
                    && clients.stream().anyMatch(RoutedClient::busy); tick++) {
                tick();
            }
            assertTrue(clients.stream().noneMatch(RoutedClient::busy),
                    "a client still waits after its deadline");
        }

        private void tick() {
            scheduler.runDue(cluster.now);
            cluster.tick();
        }

        private void answered(RoutedClient.Answer answer) {
            ApplyResult result = answer.result();
            assertTrue(!result.isRefused(), () -> "a request was refused: " + result.refusal());
            answers.add(answer);
        }

        /** Every node's log against the answers, and every node's store against its log. */
        private void check() {
            int common = Integer.MAX_VALUE;
            for (int id = 1; id <= NODES; id++) {
                common = Math.min(common, cluster.node(id).applied.size());
            }
            byte[] firstState = null;
            for (int id = 1; id <= NODES; id++) {
                SimNode node = cluster.node(id);
                assertArrayEquals(replay(node.applied).snapshot(), node.store.snapshot(),
                        "node " + id + "'s store is not what its log applies to");
                List<Entry> log = node.applied.subList(0, common);
                checkLog(id, log);
                byte[] state = replay(log).snapshot();
                if (firstState == null) {
                    firstState = state;
                } else {
                    assertArrayEquals(firstState, state, "node " + id + " decided otherwise");
                }
            }
        }

        private void checkLog(int node, List<Entry> log) {
            Map<ClientRequestId, Entry> positions = new HashMap<>();
            Map<Long, Entry> byIndex = new HashMap<>();
            Set<ByteBuffer> logged = new HashSet<>();
            for (Entry entry : log) {
                byIndex.put(entry.index(), entry);
                Optional<StampedCommand> stamped = entry.type() == EntryType.COMMAND
                        ? StampedCommand.decode(entry.data()) : Optional.empty();
                if (stamped.isPresent()) {
                    logged.add(ByteBuffer.wrap(stamped.get().command()));
                    ClientRequestId request = stamped.get().request();
                    Entry earlier = positions.put(request, entry);
                    if (earlier != null) {
                        throw new SafetyViolation("Exactly once: node " + node + "'s log holds "
                                + request + " twice: at " + earlier.index() + "@" + earlier.term()
                                + " and at " + entry.index() + "@" + entry.term());
                    }
                }
            }
            // What the router called certainly not proposed must be in no log.
            for (RoutedClient client : clients) {
                for (byte[] command : client.certainlyNotProposed) {
                    assertFalse(logged.contains(ByteBuffer.wrap(command)), () -> "node " + node
                            + "'s log holds a write its client was told was not proposed");
                }
            }
            // Each answer names its entry; two requests the clients sent apart never share one.
            Map<Long, RoutedClient.Answer> answeredAt = new HashMap<>();
            for (RoutedClient.Answer answer : answers) {
                ApplyResult result = answer.result();
                String where = result.index() + "@" + result.term();
                if (answeredAt.put(result.index(), answer) != null) {
                    fail("two requests were answered with the entry at " + where);
                }
                Entry entry = byIndex.get(result.index());
                if (entry == null) {
                    fail("node " + node + "'s log lacks the answered entry " + where);
                }
                Optional<StampedCommand> stamped = StampedCommand.decode(entry.data());
                assertEquals(where, entry.index() + "@" + entry.term(), "the entry answered");
                assertTrue(stamped.isPresent()
                        && Arrays.equals(stamped.get().command(), answer.command())
                        && (answer.session() == null
                                || answer.session().equals(stamped.get().request())),
                        () -> "node " + node + "'s entry at " + where + " is not the request"
                                + " answered with it");
            }
        }

        /** What the clients heard must be linearizable. */
        private void checkHistory() {
            CheckResult result = new LinearizabilityChecker().check(recorder.history());
            tally.checkerSteps += result.steps();
            if (!result.isLinearizable()) {
                fail("the client history is not linearizable: " + result.report());
            }
        }

        private static KeyValueStore replay(List<Entry> log) {
            KeyValueStore store = new KeyValueStore();
            log.forEach(store::apply);
            return store;
        }
    }
}
