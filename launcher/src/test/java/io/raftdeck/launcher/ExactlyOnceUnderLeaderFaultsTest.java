package io.raftdeck.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.launcher.localcluster.ChildProcessCluster;
import io.raftdeck.launcher.localcluster.ClusterDirectory;
import io.raftdeck.launcher.localcluster.LoopbackNodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.proto.seed.ClientRequestMessage;
import io.raftdeck.proto.seed.ClientResponseMessage;
import io.raftdeck.proto.seed.GetLogRequest;
import io.raftdeck.proto.seed.GetStatusRequest;
import io.raftdeck.proto.seed.GetStatusResponse;
import io.raftdeck.proto.seed.LogEntry;
import io.raftdeck.proto.seed.RaftServiceGrpc;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.proto.v1.WriteResponse;
import io.raftdeck.service.WriteOutcome;
import io.raftdeck.statemachine.CommandRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Five {@code raftdeck node} processes take commands from eight clients, each command sent
 * once to a random node with a 2 s deadline and never retried by the client, while the leader
 * is killed with SIGKILL and restarted, or paused with SIGSTOP and resumed, again and again
 * (issue 11). The clients take the three paths a write can come by: seed ClientRequests, v1
 * Commands without a session and v1 Commands with one. Once the cluster has settled, every
 * node's GetLog must hold each command at most once; every acknowledged command exactly once,
 * at the index and term its answer named; and no command whose refusal said it was not taken
 * (any failure but "outcome unknown ...") at all. A follower that forwards a command to a
 * leader killed after appending it, and then forwards it again to the next leader, breaks the
 * first (it did before the retry cache: 3 to 17 commands twice in every run); a lost
 * acknowledged write the second; a dishonest refusal the third. The node logs stay in a
 * temporary directory when the test fails; it names them.
 */
class ExactlyOnceUnderLeaderFaultsTest {

    private static final int NODE_COUNT = LoopbackNodes.NODE_COUNT;
    private static final int CLIENT_COUNT = 8;
    /** How long the clients send and the leader is killed. */
    private static final Duration WORKLOAD = Duration.ofSeconds(25);
    /** Every client request's deadline: one attempt, no retry. */
    private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(2);
    private static final Duration STATUS_DEADLINE = Duration.ofMillis(300);
    private static final Duration LOG_DEADLINE = Duration.ofSeconds(2);
    /** How long the five JVMs may take to serve, at start and on each restart. */
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final Duration LEADER_SEARCH = Duration.ofSeconds(5);
    /** How long a killed leader stays down before it is restarted. */
    private static final Duration DOWN_TIME = Duration.ofMillis(300);
    /** How long a paused leader stays stopped: several election timeouts. */
    private static final Duration PAUSE_TIME = Duration.ofMillis(1_200);
    /** How long a restarted node may take to hear from a leader again. */
    private static final Duration REJOIN_DEADLINE = Duration.ofSeconds(5);
    /** Pause after a restarted node has rejoined, before the next leader is killed. */
    private static final Duration BETWEEN_KILLS = Duration.ofMillis(300);
    /** How long the cluster may take, after the workload, to agree on one log. */
    private static final Duration SETTLE_DEADLINE = Duration.ofSeconds(15);
    private static final Duration JOIN_DEADLINE = Duration.ofSeconds(5);
    /** A client that was refused waits this long, so a down node is not hammered. */
    private static final Duration PAUSE_AFTER_REFUSAL = Duration.ofMillis(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final int MAX_REQUESTS_PER_CLIENT = 20_000;
    private static final int MAX_FAULTS = 30;
    /** Fewer faults than this would prove nothing. */
    private static final int MIN_FAULTS = 4;
    private static final int MAX_PROBES = 10;
    /** Faults of one kind the failure message lists one by one. */
    private static final int LISTED_FAULTS = 40;

    @Test
    void eachCommandReachesEveryLogAtMostOnceAndEachAcknowledgedOneExactlyOnce()
            throws Exception {
        // Proves one-attempt ClientRequests land at most once, acknowledged ones exactly once.
        long startNanos = System.nanoTime();
        ClusterDirectory directory = ClusterDirectory.temporary("raftdeck-exactly-once-");
        List<NodeConfig> configs = configs(directory);
        List<NodeAddress> nodes = configs.stream().map(NodeConfig::listen).toList();
        boolean passed = false;
        try (ChildProcessCluster cluster = ChildProcessCluster.start(configs, directory,
                START_DEADLINE, servingCount -> { });
                ClusterClient channels = new ClusterClient(nodes, REQUEST_DEADLINE.toMillis())) {
            assertTrue(findLeader(channels, nodes, LEADER_SEARCH).isPresent(),
                    "no leader within " + LEADER_SEARCH.toSeconds() + " s of the start");

            AtomicBoolean stop = new AtomicBoolean();
            long workloadEndNanos = System.nanoTime() + WORKLOAD.toNanos();
            List<Client> clients = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int number = 1; number <= CLIENT_COUNT; number++) {
                Client client = new Client(number, nodes, channels, stop,
                        workloadEndNanos + JOIN_DEADLINE.toNanos());
                clients.add(client);
                Thread thread = new Thread(client, "exactly-once-client-" + number);
                threads.add(thread);
                thread.start();
            }
            int faults;
            try {
                faults = faultLeaders(cluster, channels, nodes, workloadEndNanos);
            } finally {
                stop.set(true);
                joinAll(threads);
            }

            Map<String, Answer> answers = new LinkedHashMap<>();
            clients.forEach(client -> answers.putAll(client.answers));
            boolean probed = probe(channels, nodes);
            Map<Integer, List<LogEntry>> logs = awaitOneLog(channels, nodes);

            String verdict = verdict(logs, answers, faults, probed);
            String totals = "sent " + answers.size() + ": " + count(answers, Answer.Kind.COMMITTED)
                    + " acknowledged, " + count(answers, Answer.Kind.UNKNOWN)
                    + " with an unknown outcome, " + count(answers, Answer.Kind.NOT_TAKEN)
                    + " refused as not taken; leader faults " + faults + ", "
                    + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos)
                    + " s; node logs in " + directory.root();
            System.out.println("ExactlyOnceUnderLeaderFaultsTest: " + totals);
            assertTrue(verdict.isEmpty(), verdict + "\n" + totals);
            passed = true;
        } finally {
            if (passed) {
                directory.deleteTemporary();
            } else {
                directory.deleteTemporaryNodeData(NODE_COUNT);
            }
        }
    }

    /**
     * How one command ended for its client: committed at the position the answer named, an
     * outcome the answer (or a broken call) left unknown, or refused as not taken.
     */
    private record Answer(Kind kind, String position) {
        enum Kind { COMMITTED, UNKNOWN, NOT_TAKEN }

        private static final Pattern COMMITTED_AT =
                Pattern.compile("committed at index (\\d+) in term (\\d+)");

        static Answer of(ClientResponseMessage response) {
            Matcher committed = COMMITTED_AT.matcher(response.getMessage());
            if (response.getSuccess()) {
                return new Answer(Kind.COMMITTED, committed.matches()
                        ? committed.group(1) + "/t" + committed.group(2) : response.getMessage());
            }
            return new Answer(response.getMessage().startsWith(WriteOutcome.UNKNOWN)
                    ? Kind.UNKNOWN : Kind.NOT_TAKEN, response.getMessage());
        }

        /**
         * A failed call: not taken when the node said so or the connection was refused (never
         * sent); anything else (a reset, a deadline, "outcome unknown") may be in a log.
         */
        static Answer of(StatusRuntimeException failed) {
            boolean notTaken = WriteOutcome.certainlyNotProposed(failed)
                    && !WriteOutcome.isUnknown(failed.getStatus());
            return new Answer(notTaken ? Kind.NOT_TAKEN : Kind.UNKNOWN,
                    failed.getStatus().toString());
        }
    }

    private static long count(Map<String, Answer> answers, Answer.Kind kind) {
        return answers.values().stream().filter(answer -> answer.kind() == kind).count();
    }

    /** The ways a write reaches the cluster; client n takes path n mod 3. */
    private enum Path { SEED, V1_WITHOUT_SESSION, V1_WITH_SESSION }

    /** One client: unique commands ("c3-17") to random nodes, one attempt each. */
    private static final class Client implements Runnable {
        /** Each command sent, and how it ended; read only after join. */
        final Map<String, Answer> answers = new LinkedHashMap<>();
        private final int number;
        private final Path path;
        private final long sessionId = ThreadLocalRandom.current().nextLong() | 1;
        private final List<NodeAddress> nodes;
        private final ClusterClient channels;
        private final AtomicBoolean stop;
        private final long deadlineNanos;

        Client(int number, List<NodeAddress> nodes, ClusterClient channels, AtomicBoolean stop,
                long deadlineNanos) {
            this.number = number;
            this.path = Path.values()[number % Path.values().length];
            this.nodes = nodes;
            this.channels = channels;
            this.stop = stop;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public void run() {
            for (int sequence = 1; sequence <= MAX_REQUESTS_PER_CLIENT && !stop.get()
                    && System.nanoTime() - deadlineNanos < 0; sequence++) {
                String command = "c" + number + "-" + sequence;
                NodeAddress node = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
                Answer answer = switch (path) {
                    case SEED -> send(channels, node, command);
                    case V1_WITHOUT_SESSION -> sendV1(channels, node, command, 0, 0);
                    case V1_WITH_SESSION -> sendV1(channels, node, command, sessionId, sequence);
                };
                answers.put(command, answer);
                if (answer.kind() != Answer.Kind.COMMITTED) {
                    LockSupport.parkNanos(PAUSE_AFTER_REFUSAL.toNanos());
                }
            }
        }
    }

    /** One ClientRequest, one attempt, and how it ended. */
    private static Answer send(ClusterClient channels, NodeAddress node, String command) {
        try {
            return Answer.of(RaftServiceGrpc.newBlockingStub(channels.channel(node))
                    .withDeadlineAfter(REQUEST_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .clientRequest(ClientRequestMessage.newBuilder().setCommand(command)
                            .build()));
        } catch (StatusRuntimeException failed) {
            return Answer.of(failed);
        }
    }

    /** One v1 Command, with a session unless {@code clientId} is 0, one attempt. */
    private static Answer sendV1(ClusterClient channels, NodeAddress node, String command,
            long clientId, long sequence) {
        try {
            WriteResponse response = ClientServiceGrpc.newBlockingStub(channels.channel(node))
                    .withDeadlineAfter(REQUEST_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .command(CommandRequest.newBuilder()
                            .setCommand(ByteString.copyFromUtf8(command))
                            .setSession(SessionRef.newBuilder().setClientId(clientId)
                                    .setSequence(sequence))
                            .build());
            return new Answer(Answer.Kind.COMMITTED,
                    response.getIndex() + "/t" + response.getTerm());
        } catch (StatusRuntimeException failed) {
            return Answer.of(failed);
        }
    }

    /**
     * Until the workload ends: finds the leader and, in turns, SIGKILLs it and restarts it
     * after a short while on its data dir, or SIGSTOPs it for several election timeouts and
     * resumes it; then waits until it has rejoined, so that at most one node is ever out.
     * Returns the number of faults.
     */
    private static int faultLeaders(ChildProcessCluster cluster, ClusterClient channels,
            List<NodeAddress> nodes, long endNanos) throws Exception {
        int faults = 0;
        while (faults < MAX_FAULTS && System.nanoTime() - endNanos < 0) {
            OptionalInt leader = findLeader(channels, nodes, LEADER_SEARCH);
            if (leader.isEmpty() || System.nanoTime() - endNanos >= 0) {
                continue;
            }
            int id = leader.getAsInt();
            if (faults++ % 2 == 0) {
                cluster.kill(id);
                LockSupport.parkNanos(DOWN_TIME.toNanos());
                cluster.restart(id);
                // The clients' channel failed while the node was down; reconnect at once.
                channels.channel(nodes.get(id - 1)).resetConnectBackoff();
            } else {
                cluster.pause(id);
                try {
                    LockSupport.parkNanos(PAUSE_TIME.toNanos());
                } finally {
                    cluster.resume(id);
                }
            }
            awaitRejoined(channels, nodes.get(id - 1));
            LockSupport.parkNanos(BETWEEN_KILLS.toNanos());
        }
        return faults;
    }

    /**
     * Polls a restarted node until it names a leader: its port answers before its loop runs.
     * A node that does not rejoin in time is left to the final check.
     */
    private static void awaitRejoined(ClusterClient channels, NodeAddress node) {
        long deadlineNanos = System.nanoTime() + REJOIN_DEADLINE.toNanos();
        while (System.nanoTime() - deadlineNanos < 0) {
            try {
                GetStatusResponse status = RaftServiceGrpc.newBlockingStub(channels.channel(node))
                        .withDeadlineAfter(STATUS_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .getStatus(GetStatusRequest.getDefaultInstance());
                if (status.getLeaderId() > 0) {
                    return;
                }
            } catch (RuntimeException starting) {
                // Not answering yet: ask again.
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
    }

    /** The id of the node that says it leads, in the highest term, polled up to a deadline. */
    private static OptionalInt findLeader(ClusterClient channels, List<NodeAddress> nodes,
            Duration deadline) {
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        while (true) {
            int leader = 0;
            int leaderTerm = -1;
            for (int id = 1; id <= nodes.size(); id++) {
                try {
                    GetStatusResponse status = RaftServiceGrpc
                            .newBlockingStub(channels.channel(nodes.get(id - 1)))
                            .withDeadlineAfter(STATUS_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                            .getStatus(GetStatusRequest.getDefaultInstance());
                    if ("Leader".equals(status.getState())
                            && status.getCurrentTerm() > leaderTerm) {
                        leader = id;
                        leaderTerm = status.getCurrentTerm();
                    }
                } catch (RuntimeException unreachable) {
                    // A killed or restarting node: ask the others.
                }
            }
            if (leader != 0) {
                return OptionalInt.of(leader);
            }
            if (System.nanoTime() - deadlineNanos >= 0) {
                return OptionalInt.empty();
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
    }

    /**
     * A command of its own (never a client's) through the leader, so that the newest term's
     * entries commit: whether one was acknowledged. Each attempt has its own text.
     */
    private static boolean probe(ClusterClient channels, List<NodeAddress> nodes) {
        long deadlineNanos = System.nanoTime() + SETTLE_DEADLINE.toNanos();
        for (int attempt = 1; attempt <= MAX_PROBES
                && System.nanoTime() - deadlineNanos < 0; attempt++) {
            OptionalInt leader = findLeader(channels, nodes, LEADER_SEARCH);
            if (leader.isPresent() && send(channels, nodes.get(leader.getAsInt() - 1),
                    "probe-" + attempt).kind() == Answer.Kind.COMMITTED) {
                return true;
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
        return false;
    }

    /**
     * Polls GetLog on every node until all five answer with the same entries and a leader
     * exists, or the deadline passes: the logs last read, by node id (an empty list for a
     * node that did not answer).
     */
    private static Map<Integer, List<LogEntry>> awaitOneLog(ClusterClient channels,
            List<NodeAddress> nodes) {
        long deadlineNanos = System.nanoTime() + SETTLE_DEADLINE.toNanos();
        while (true) {
            Map<Integer, List<LogEntry>> logs = new TreeMap<>();
            boolean allAnswered = true;
            for (int id = 1; id <= nodes.size(); id++) {
                try {
                    logs.put(id, RaftServiceGrpc
                            .newBlockingStub(channels.channel(nodes.get(id - 1)))
                            .withDeadlineAfter(LOG_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                            .getLog(GetLogRequest.getDefaultInstance()).getEntriesList());
                } catch (RuntimeException unreachable) {
                    logs.put(id, List.of());
                    allAnswered = false;
                }
            }
            boolean identical = allAnswered && logs.values().stream().distinct().count() == 1;
            if (identical && findLeader(channels, nodes, Duration.ZERO).isPresent()
                    || System.nanoTime() - deadlineNanos >= 0) {
                return logs;
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
    }

    /**
     * What is wrong, one line each, or an empty text: logs that differ, commands at more than
     * one position, acknowledged commands that are missing, a run too short to prove anything.
     * Nodes whose logs have the same faults are reported together.
     */
    private static String verdict(Map<Integer, List<LogEntry>> logs,
            Map<String, Answer> answers, int faults, boolean probed) {
        List<String> problems = new ArrayList<>();
        if (logs.values().stream().distinct().count() != 1) {
            problems.add("the logs never became identical within "
                    + SETTLE_DEADLINE.toSeconds() + " s; lengths by node: "
                    + logs.entrySet().stream().map(log -> log.getKey() + "=" + log.getValue()
                            .size()).collect(Collectors.joining(", ")));
        }
        if (!probed) {
            problems.add("no probe command was acknowledged after the workload");
        }
        if (faults < MIN_FAULTS) {
            problems.add("only " + faults + " leader faults; at least " + MIN_FAULTS
                    + " needed");
        }
        if (count(answers, Answer.Kind.COMMITTED) == 0) {
            problems.add("no command was acknowledged at all");
        }
        Map<String, List<Integer>> nodesByFault = new LinkedHashMap<>();
        logs.forEach((id, log) -> {
            String fault = faultsOf(log, answers);
            if (!fault.isEmpty()) {
                nodesByFault.computeIfAbsent(fault, text -> new ArrayList<>()).add(id);
            }
        });
        nodesByFault.forEach((fault, ids) -> problems.add((ids.size() == logs.size()
                ? "every node's log" : "the log of nodes " + ids) + ": " + fault));
        return String.join("\n", problems);
    }

    /**
     * What is wrong with one log, or an empty text: commands at more than one position,
     * acknowledged commands missing or elsewhere than their answer said, and commands refused
     * as not taken that are there. A log compacted into a snapshot starts later than index 1;
     * acknowledged commands before its start cannot be checked and are not counted missing.
     */
    private static String faultsOf(List<LogEntry> log, Map<String, Answer> answers) {
        Map<String, List<String>> positions = new LinkedHashMap<>();
        for (LogEntry entry : log) {
            if (!CommandRenderer.NOOP_TEXT.equals(entry.getCommand())) {
                String command = SESSION_SUFFIX.matcher(entry.getCommand()).replaceFirst("");
                positions.computeIfAbsent(command, text -> new ArrayList<>())
                        .add(entry.getIndex() + "/t" + entry.getTerm());
            }
        }
        long firstIndex = log.isEmpty() ? 1 : log.get(0).getIndex();
        List<String> duplicates = positions.entrySet().stream()
                .filter(command -> command.getValue().size() > 1)
                .map(command -> command.getKey() + " at "
                        + String.join(" and ", command.getValue())
                        + " (" + answers.getOrDefault(command.getKey(), NO_ANSWER).kind() + ")")
                .toList();
        List<String> misplaced = new ArrayList<>();
        answers.forEach((command, answer) -> {
            List<String> found = positions.getOrDefault(command, List.of());
            if (answer.kind() == Answer.Kind.NOT_TAKEN && !found.isEmpty()) {
                misplaced.add(command + " refused (" + answer.position() + ") but at " + found);
            } else if (answer.kind() == Answer.Kind.COMMITTED && !found.contains(answer.position())
                    && indexOf(answer.position()) >= firstIndex) {
                misplaced.add(command + " acknowledged at " + answer.position() + " but "
                        + (found.isEmpty() ? "missing" : "at " + found));
            }
        });
        if (duplicates.isEmpty() && misplaced.isEmpty()) {
            return "";
        }
        return duplicates.size() + " duplicated commands" + listed(duplicates) + "; "
                + misplaced.size() + " acknowledged or refused commands not where their answer"
                + " says" + listed(misplaced) + "; " + log.size() + " entries from index "
                + firstIndex;
    }

    private static final Answer NO_ANSWER = new Answer(Answer.Kind.UNKNOWN, "not sent");
    /** How GetLog shows a command of a client's session: "c2-5 [client 1f2e #5]". */
    private static final Pattern SESSION_SUFFIX =
            Pattern.compile(" \\[client [0-9a-f]+ #\\d+]$");

    /** The index of a position "390/t3"; 0 when the answer named none. */
    private static long indexOf(String position) {
        int slash = position.indexOf("/t");
        return slash > 0 ? Long.parseLong(position.substring(0, slash)) : 0;
    }

    private static String listed(List<String> faults) {
        if (faults.isEmpty()) {
            return "";
        }
        return ": " + faults.stream().limit(LISTED_FAULTS).collect(Collectors.joining(", "))
                + (faults.size() > LISTED_FAULTS
                ? ", ... " + (faults.size() - LISTED_FAULTS) + " more" : "");
    }

    /** Five nodes on free loopback ports with the default timings, fault controls off. */
    private static List<NodeConfig> configs(ClusterDirectory directory) throws Exception {
        return LoopbackNodes.of(LoopbackPorts.freeRun(NODE_COUNT), directory, false);
    }

    /** Joins every thread within one shared deadline; fails naming any still running. */
    private static void joinAll(List<Thread> threads) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + JOIN_DEADLINE.toNanos();
        for (Thread thread : threads) {
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            thread.join(Math.max(1, leftMillis));
        }
        List<String> running = threads.stream().filter(Thread::isAlive).map(Thread::getName)
                .toList();
        assertTrue(running.isEmpty(), "clients still running " + JOIN_DEADLINE.toSeconds()
                + " s after the workload: " + running);
    }
}
