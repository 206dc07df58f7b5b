package io.raftdeck.service;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.raftdeck.core.Entry;
import io.raftdeck.core.RaftStatus;
import io.raftdeck.core.Role;
import io.raftdeck.node.RaftNode;
import io.raftdeck.proto.seed.AppendEntriesRequest;
import io.raftdeck.proto.seed.AppendEntriesResponse;
import io.raftdeck.proto.seed.ClientRequestMessage;
import io.raftdeck.proto.seed.ClientResponseMessage;
import io.raftdeck.proto.seed.GetLogRequest;
import io.raftdeck.proto.seed.GetLogResponse;
import io.raftdeck.proto.seed.GetStatusRequest;
import io.raftdeck.proto.seed.GetStatusResponse;
import io.raftdeck.proto.seed.LogEntry;
import io.raftdeck.proto.seed.RaftServiceGrpc;
import io.raftdeck.proto.seed.RequestVoteRequest;
import io.raftdeck.proto.seed.RequestVoteResponse;
import io.raftdeck.statemachine.CommandRenderer;
import io.raftdeck.statemachine.StampedCommand;
import io.raftdeck.transport.RateLimitedLog;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The seed project's {@code raft.RaftService}, wire-identical, as a facade over the node (see
 * shared/seed-contract.md). ClientRequest answers success only once the command is committed,
 * and a command sent once is in the log at most once however often the nodes retry it; a
 * failure whose message starts with "outcome unknown" may still commit, any other failure
 * certainly did not. The seed's peer calls are answered but never join consensus: raftdeck
 * nodes talk to each other over raftdeck.v1.
 */
public final class SeedRaftService extends RaftServiceGrpc.RaftServiceImplBase {

    /** Longest command text in GetLog; longer ones are cut and say their length. */
    static final int MAX_COMMAND_CHARS = 4096;
    static final String NO_LEADER = "No leader available";

    private static final System.Logger LOGGER = System.getLogger(SeedRaftService.class.getName());

    private final RaftNode node;
    private final LeaderRouter router;
    private final CommandLimits limits;
    private final RequestIdentities identities;
    private final ScheduledExecutorService executor;
    private final long readTimeoutMs;
    private final RateLimitedLog seedPeerLog = new RateLimitedLog(LOGGER, 60_000);

    public SeedRaftService(RaftNode node, LeaderRouter router, int maxCommandBytes,
                           RequestIdentities identities, ScheduledExecutorService executor,
                           long readTimeoutMs) {
        this.node = node;
        this.router = router;
        this.limits = new CommandLimits(maxCommandBytes);
        this.identities = identities;
        this.executor = executor;
        this.readTimeoutMs = readTimeoutMs;
    }

    @Override
    public void clientRequest(ClientRequestMessage request,
                              StreamObserver<ClientResponseMessage> observer) {
        Answers.guarded(observer, () -> {
            // The seed's client has no session: the identity this node gives the command (or
            // the forwarding node gave it) is what makes every retry of it exactly-once.
            StampedCommand command = identities.stamp(
                    limits.freeText(request.getCommand().getBytes(StandardCharsets.UTF_8)));
            boolean forwarded = Forwarding.isForwarded();
            router.write(() -> node.propose(command).thenApply(result -> committed(
                                    "committed at index " + result.index() + " in term "
                                            + result.term())),
                            (leader, timeoutMs) -> forward(leader, timeoutMs, request, command))
                    .whenComplete((response, error) -> {
                        if (error == null) {
                            observer.onNext(response);
                            observer.onCompleted();
                        } else if (forwarded) {
                            // The forwarding node decides what its own client hears.
                            observer.onError(LeaderRouting.toStatusException(error));
                        } else {
                            observer.onNext(refused(LeaderRouting.toStatusException(error)));
                            observer.onCompleted();
                        }
                    });
        });
    }

    private CompletableFuture<ClientResponseMessage> forward(Channel leader, long timeoutMs,
            ClientRequestMessage request, StampedCommand command) {
        UnaryCall<ClientResponseMessage> call = new UnaryCall<>();
        RaftServiceGrpc.newStub(leader).withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
                .withInterceptors(Forwarding.marking(node.id(), command))
                .clientRequest(request, call);
        return call.result;
    }

    private static ClientResponseMessage committed(String message) {
        return ClientResponseMessage.newBuilder().setSuccess(true).setMessage(message).build();
    }

    private static ClientResponseMessage refused(StatusRuntimeException error) {
        Status status = error.getStatus();
        boolean noLeader = status.getCode() == Status.Code.UNAVAILABLE
                && LeaderRouting.NO_LEADER.equals(status.getDescription());
        String message = noLeader ? NO_LEADER
                : status.getDescription() == null ? status.getCode().toString()
                : status.getDescription();
        return ClientResponseMessage.newBuilder().setSuccess(false).setMessage(message).build();
    }

    @Override
    public void getStatus(GetStatusRequest request, StreamObserver<GetStatusResponse> observer) {
        RaftStatus raft = node.snapshot().raft();
        // The seed knew three states and no failure. A stopped node (a leader, maybe) says
        // Follower of no leader, a word old clients parse, which keeps them away from it;
        // the reason is in raftdeck.v1 Status.
        boolean stopped = node.failure().isPresent();
        int leader = stopped || raft.leaderId() == 0 ? -1 : raft.leaderId();
        observer.onNext(GetStatusResponse.newBuilder()
                .setState(stopped ? "Follower" : stateName(raft.role()))
                .setCurrentTerm(int32(raft.term()))
                .setVotedFor(raft.votedFor() == 0 ? -1 : raft.votedFor())
                .setLeaderId(leader)
                .build());
        observer.onCompleted();
    }

    /** The seed knew three states; a pre-candidate has not left the follower role yet. */
    static String stateName(Role role) {
        return switch (role) {
            case LEADER -> "Leader";
            case CANDIDATE -> "Candidate";
            case FOLLOWER, PRE_CANDIDATE -> "Follower";
        };
    }

    @Override
    public void getLog(GetLogRequest request, StreamObserver<GetLogResponse> observer) {
        CompletableFuture<List<Entry>> log = node.log();
        ScheduledFuture<?> timer = executor.schedule(() -> log.completeExceptionally(
                Status.DEADLINE_EXCEEDED.withDescription("node " + node.id()
                        + " did not read its log within " + readTimeoutMs + " ms")
                        .asRuntimeException()), readTimeoutMs, TimeUnit.MILLISECONDS);
        log.whenComplete((entries, error) -> timer.cancel(false));
        Answers.answer(log.thenApplyAsync(SeedRaftService::logResponse, executor), observer);
    }

    private static GetLogResponse logResponse(List<Entry> entries) {
        GetLogResponse.Builder response = GetLogResponse.newBuilder();
        for (Entry entry : entries) {
            response.addEntries(LogEntry.newBuilder()
                    .setIndex(int32(entry.index())).setTerm(int32(entry.term()))
                    .setCommand(CommandRenderer.render(entry, MAX_COMMAND_CHARS)));
        }
        return response.build();
    }

    @Override
    public void requestVote(RequestVoteRequest request,
                            StreamObserver<RequestVoteResponse> observer) {
        logSeedPeer("RequestVote", request.getCandidateId());
        observer.onNext(RequestVoteResponse.newBuilder()
                .setTerm(int32(node.snapshot().raft().term())).setVoteGranted(false).build());
        observer.onCompleted();
    }

    @Override
    public void appendEntries(AppendEntriesRequest request,
                              StreamObserver<AppendEntriesResponse> observer) {
        logSeedPeer("AppendEntries", request.getLeaderId());
        observer.onNext(AppendEntriesResponse.newBuilder()
                .setTerm(int32(node.snapshot().raft().term())).setSuccess(false).build());
        observer.onCompleted();
    }

    private void logSeedPeer(String call, int sender) {
        seedPeerLog.log(Level.WARNING, call, () -> "node " + node.id() + " refused a seed "
                + call + " from node " + sender + ": raftdeck nodes replicate over raftdeck.v1"
                + " and do not take seed peers into consensus");
    }

    /** The seed's int32 fields; values beyond them are clamped (2^31 terms never happen). */
    private static int int32(long value) {
        return (int) Math.min(Integer.MAX_VALUE, value);
    }
}
