package io.raftdeck.launcher.chaos;

import io.grpc.StatusRuntimeException;
import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.HistoryRecorder;
import io.raftdeck.history.Outcome;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.launcher.client.RpcFailures;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.seed.ClientRequestMessage;
import io.raftdeck.proto.seed.ClientResponseMessage;
import io.raftdeck.proto.seed.RaftServiceGrpc;
import io.raftdeck.service.WriteOutcome;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A client as the seed's is: seed ClientRequests of free text, no session, one attempt each
 * at a node picked at random, with the run's request deadline. Every command is unique in
 * the run, "a{process}-{sequence}", so the log must hold it at most once: a retry inside the
 * cluster that appends it twice is a duplicate the unique appends check finds.
 *
 * <p>How an answer is recorded: success is OK (committed once); a refusal whose message
 * starts with "outcome unknown" ({@link WriteOutcome#UNKNOWN}) is UNKNOWN (in the log once or
 * not at all); any other refusal is FAIL (certainly not in the log); a refused connection is
 * FAIL too (nothing was sent); any other RPC error, the deadline included, is UNKNOWN.
 */
final class AppendClient implements Runnable {

    /** Between requests, as for the key/value clients: room on two cores for the nodes. */
    private static final long MAX_THINK_MS = 20;
    /** How an ok seed answer names its place in the log, which the check holds it to. */
    private static final Pattern COMMITTED_AT = Pattern.compile("^committed at index (\\d+) ");

    private final int process;
    private final Random random;
    private final ClusterClient client;
    private final HistoryRecorder history;
    private final BooleanSupplier stopped;
    private long sequence;

    /** @param client the run's nodes, with the run's request timeout as its deadline */
    AppendClient(int process, long seed, ClusterClient client, HistoryRecorder history,
            BooleanSupplier stopped) {
        this.process = process;
        this.random = new Random(seed);
        this.client = client;
        this.history = history;
        this.stopped = stopped;
    }

    @Override
    public void run() {
        List<NodeAddress> nodes = client.nodes();
        while (!stopped.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            append(nodes.get(random.nextInt(nodes.size())));
            LockSupport.parkNanos(random.nextInt((int) MAX_THINK_MS + 1) * 1_000_000L);
        }
    }

    private void append(NodeAddress node) {
        sequence++;
        String command = "a" + process + "-" + sequence;
        ClientRequestMessage request = ClientRequestMessage.newBuilder().setCommand(command)
                .build();
        long id = history.invokeAppend(process, command);
        Outcome outcome;
        String answer;
        try {
            ClientResponseMessage response = RaftServiceGrpc.newBlockingStub(client.channel(node))
                    .withDeadlineAfter(client.timeoutMs(), TimeUnit.MILLISECONDS)
                    .clientRequest(request);
            outcome = outcome(response);
            answer = response.getMessage();
        } catch (StatusRuntimeException failed) {
            outcome = WriteOutcome.isRefusedConnection(failed.getStatus())
                    ? Outcome.FAIL : Outcome.UNKNOWN;
            answer = RpcFailures.describe(failed);
            // A refused connection leaves the channel waiting (1 s and growing) before it
            // tries again; a node just restarted would be skipped by this client meanwhile.
            client.channel(node).resetConnectBackoff();
        }
        history.completeAppend(id, outcome, outcome == Outcome.OK
                ? answeredIndex(answer) : AppendOperation.NO_INDEX, answer);
    }

    /** The outcome a seed answer stands for, by the rules in the class comment. */
    static Outcome outcome(ClientResponseMessage response) {
        if (response.getSuccess()) {
            return Outcome.OK;
        }
        return response.getMessage().startsWith(WriteOutcome.UNKNOWN)
                ? Outcome.UNKNOWN : Outcome.FAIL;
    }

    /** The index an ok seed answer names, or {@link AppendOperation#NO_INDEX}. */
    static long answeredIndex(String answer) {
        Matcher matcher = COMMITTED_AT.matcher(answer == null ? "" : answer);
        if (!matcher.find()) {
            return AppendOperation.NO_INDEX;
        }
        try {
            return Math.max(AppendOperation.NO_INDEX, Long.parseLong(matcher.group(1)));
        } catch (NumberFormatException tooLong) {
            return AppendOperation.NO_INDEX;
        }
    }
}
