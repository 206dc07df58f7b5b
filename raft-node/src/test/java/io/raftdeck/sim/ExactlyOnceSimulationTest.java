package io.raftdeck.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A request sent once reaches the log at most once, on every path (issue 11). Clients with
 * sessions and clients without (as the seed's client is) send writes to random nodes; each
 * receiving node's router ({@link SimRouter}) forwards to the leader and retries with the
 * request's identity across leader changes, crashes in the middle of a request and answers
 * lost on their way back, and a client with a session sends its request again elsewhere when
 * its node gave no answer. The nodes run the real {@code LeaderProposals} with its retry cache
 * and the real key/value store beside each core. In every node's log no request identity may
 * appear twice; every acknowledged request must be there exactly once, at the index and term
 * its answer named; and every node's store must match a replay of the log.
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
    /** A router gives up on a request after this long: several election timeouts. */
    private static final int ROUTER_TIMEOUT_TICKS = 100;
    /** A client with a session keeps sending one request to other nodes for this long. */
    private static final int CLIENT_TIMEOUT_TICKS = 250;
    private static final double LOST_ANSWER_CHANCE = 0.15;
    private static final int[] SNAPSHOT_THRESHOLDS = {0, 7, 19};

    @Test
    void everyRequestReachesTheLogAtMostOnceAndEveryAnsweredOneExactlyOnce() {
        // Proves retries across leader changes, crashes and lost answers never append twice.
        String replay = System.getProperty("seed");
        long first = replay != null ? Long.parseLong(replay) : 1;
        int count = replay != null ? 1 : Integer.getInteger("sim.seeds", 1000);
        Tally tally = new Tally();
        for (long seed = first; seed < first + count; seed++) {
            new Run(seed, tally, SimMutation.NONE).execute();
        }
        System.out.printf("exactly-once simulation: %d seeds: %d requests, %d answered "
                + "(%d after more than one attempt), %d without an answer; %d attempts at a "
                + "leader, %d answers lost, %d connections refused%n", count, tally.requests,
                tally.answered, tally.answeredAfterRetry, tally.unknown,
                tally.routers.attempts, tally.routers.lostAnswers, tally.refusedConnections);
        if (replay == null) {
            assertTrue(tally.answeredAfterRetry >= count, "the workload must retry requests"
                    + " that reached a leader and get them answered");
            assertTrue(tally.routers.lostAnswers >= count, "answers must get lost");
        }
    }

    /** Counts over every seed. */
    static final class Tally {
        final SimRouter.Totals routers = new SimRouter.Totals();
        long requests;
        long refusedConnections;
        long answered;
        long answeredAfterRetry;
        long unknown;
    }

    /**
     * One seed: chaos with clients, a quiet settling, convergence, then the checks; the nodes
     * are built with {@code mutation} ({@link SimMutation#NONE}: correct) for the mutation
     * tests.
     */
    static final class Run {
        final SimCluster cluster;
        final SimScheduler scheduler = new SimScheduler();
        final Tally tally;
        /** Every answered request, by identity: what its answer said. */
        final Map<ClientRequestId, ApplyResult> answered = new HashMap<>();
        final List<Client> clients = new ArrayList<>();
        /** Each node's identities for requests without a session, per restart (incarnation). */
        final Map<Long, long[]> nodeIdentities = new HashMap<>();
        boolean stopping;

        Run(long seed, Tally tally, SimMutation mutation) {
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
            for (int c = 1; c <= SESSION_CLIENTS + ONE_SHOT_CLIENTS; c++) {
                clients.add(new Client(this, c, c <= SESSION_CLIENTS ? seed * 1_000 + c : 0));
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
            stopping = true;
            cluster.crashMidReady(0);
            cluster.disks(0, 0);
            cluster.healAll();
            for (int id = 1; id <= NODES; id++) {
                cluster.restart(id);
            }
            for (int tick = 0; tick < SETTLE_TICKS && clients.stream().anyMatch(c -> c.busy);
                    tick++) {
                tick();
            }
        }

        private void tick() {
            scheduler.runDue(cluster.now);
            cluster.tick();
        }

        /** The identity a node gives a request that came without a session, as it would. */
        ClientRequestId nodeIdentity(int node) {
            long key = node * 1_000_000L + cluster.node(node).restarts;
            long[] identity = nodeIdentities.computeIfAbsent(key, k ->
                    new long[] {cluster.random.nextLong() | 1, 0});
            return new ClientRequestId(identity[0], ++identity[1]);
        }

        void answered(ClientRequestId request, ApplyResult result, int attempts) {
            assertTrue(!result.isRefused(), () -> request + " was refused: " + result.refusal());
            ApplyResult earlier = answered.put(request, result);
            assertTrue(earlier == null || earlier.index() == result.index(), () -> request
                    + " answered at " + earlier.index() + " and at " + result.index());
            tally.answered++;
            if (attempts > 1) {
                tally.answeredAfterRetry++;
            }
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
            for (Entry entry : log) {
                Optional<StampedCommand> stamped = entry.type() == EntryType.COMMAND
                        ? StampedCommand.decode(entry.data()) : Optional.empty();
                if (stamped.isPresent()) {
                    ClientRequestId request = stamped.get().request();
                    Entry earlier = positions.put(request, entry);
                    if (earlier != null) {
                        throw new SafetyViolation("Exactly once: node " + node + "'s log holds "
                                + request + " twice: at " + earlier.index() + "@" + earlier.term()
                                + " and at " + entry.index() + "@" + entry.term());
                    }
                }
            }
            answered.forEach((request, result) -> {
                Entry entry = positions.get(request);
                if (entry == null) {
                    fail("node " + node + "'s log lacks answered " + request + " (answered at "
                            + result.index() + "@" + result.term() + ")");
                }
                assertEquals(result.index() + "@" + result.term(),
                        entry.index() + "@" + entry.term(), "where answered " + request + " is");
            });
        }

        private static KeyValueStore replay(List<Entry> log) {
            KeyValueStore store = new KeyValueStore();
            log.forEach(store::apply);
            return store;
        }
    }

    /**
     * A client with one request at a time: with a session (an id not 0), it numbers its
     * requests and sends one again to another node while its node gave no answer; without
     * one, it sends each request once, to one node, which numbers it.
     */
    private static final class Client {
        private final Run run;
        private final int number;
        private final long sessionId;
        private long sequence;
        private long clientDeadline;
        boolean busy;

        Client(Run run, int number, long sessionId) {
            this.run = run;
            this.number = number;
            this.sessionId = sessionId;
        }

        void sendNext() {
            if (busy || run.stopping) {
                return;
            }
            busy = true;
            sequence++;
            run.tally.requests++;
            clientDeadline = run.cluster.now + CLIENT_TIMEOUT_TICKS;
            send(command());
        }

        private void send(byte[] command) {
            SimCluster cluster = run.cluster;
            int receiver = 1 + cluster.random.nextInt(NODES);
            if (!cluster.node(receiver).isUp()) {
                run.tally.refusedConnections++;
                retryOrGiveUp(command); // connection refused: nothing was sent
                return;
            }
            StampedCommand request = sessionId != 0
                    ? StampedCommand.ofSession(new ClientRequestId(sessionId, sequence), command)
                    : StampedCommand.ofReceivingNode(run.nodeIdentity(receiver), command);
            SimRouter[] router = new SimRouter[1];
            router[0] = SimRouter.start(cluster, run.scheduler, request, receiver,
                    ROUTER_TIMEOUT_TICKS, LOST_ANSWER_CHANCE, run.tally.routers, outcome -> {
                        if (outcome instanceof SimRouter.Outcome.Applied applied) {
                            run.answered(request.request(), applied.result(),
                                    router[0] == null ? 1 : router[0].attemptsAtALeader);
                            busy = false;
                        } else {
                            retryOrGiveUp(command);
                        }
                    });
        }

        /** A client with a session tries another node until its deadline; one without, never. */
        private void retryOrGiveUp(byte[] command) {
            if (sessionId != 0 && run.cluster.now < clientDeadline) {
                run.scheduler.at(run.cluster.now + 1, () -> send(command));
            } else {
                run.tally.unknown++;
                busy = false;
            }
        }

        /** Puts and deletes on keys every client shares, and free text as the seed sends it. */
        private byte[] command() {
            SimCluster cluster = run.cluster;
            String key = "k" + cluster.random.nextInt(3);
            String value = "c" + number + "/" + sequence;
            int kind = cluster.random.nextInt(10);
            return kind < 5 ? new KeyValueCommand.Put(key, value.getBytes(StandardCharsets.UTF_8))
                    .encode()
                    : kind < 7 ? new KeyValueCommand.Delete(key).encode()
                    : ("note " + value).getBytes(StandardCharsets.UTF_8);
        }
    }
}
