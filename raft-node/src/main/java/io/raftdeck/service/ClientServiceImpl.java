package io.raftdeck.service;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Status;
import io.raftdeck.node.RaftNode;
import io.raftdeck.proto.v1.CasRequest;
import io.raftdeck.proto.v1.CasResponse;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.DeleteRequest;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.GetResponse;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.WriteResponse;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.KeyValueCommand;
import io.raftdeck.statemachine.StampedCommand;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;

/**
 * raftdeck.v1 ClientService: checks the request, then proposes it on the leader or forwards it
 * there, and answers once it is applied. Reads are confirmed through the leader's read index
 * (linearizable) unless the client asks for a stale read. Every write is stamped with a
 * request identity before anything else ({@link RequestIdentities}): its session's, or one
 * this node gives it; a forwarded write carries its identity along. So a retry, by this node
 * or by the client on any other node, never reaches the log twice and is answered with the
 * first result.
 */
public final class ClientServiceImpl extends ClientServiceGrpc.ClientServiceImplBase {

    private final RaftNode node;
    private final LeaderRouter router;
    private final CommandLimits limits;
    private final RequestIdentities identities;

    public ClientServiceImpl(RaftNode node, LeaderRouter router, int maxCommandBytes,
                             RequestIdentities identities) {
        this.node = node;
        this.router = router;
        this.limits = new CommandLimits(maxCommandBytes);
        this.identities = identities;
    }

    @Override
    public void put(PutRequest request, StreamObserver<WriteResponse> observer) {
        Answers.guarded(observer, () -> {
            StampedCommand command = identities.stamp(limits.operation(request.getKeyBytes(),
                    request.getValue().size(), () -> new KeyValueCommand.Put(request.getKey(),
                            request.getValue().toByteArray())), request.getSession());
            write(command, (leader, timeoutMs) -> {
                UnaryCall<WriteResponse> call = new UnaryCall<>();
                stub(leader, timeoutMs, command).put(request, call);
                return call.result;
            }, observer);
        });
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<WriteResponse> observer) {
        Answers.guarded(observer, () -> {
            StampedCommand command = identities.stamp(limits.operation(request.getKeyBytes(), 0,
                    () -> new KeyValueCommand.Delete(request.getKey())), request.getSession());
            write(command, (leader, timeoutMs) -> {
                UnaryCall<WriteResponse> call = new UnaryCall<>();
                stub(leader, timeoutMs, command).delete(request, call);
                return call.result;
            }, observer);
        });
    }

    @Override
    public void command(CommandRequest request, StreamObserver<WriteResponse> observer) {
        Answers.guarded(observer, () -> {
            StampedCommand command = identities.stamp(
                    limits.freeText(request.getCommand().toByteArray()), request.getSession());
            write(command, (leader, timeoutMs) -> {
                UnaryCall<WriteResponse> call = new UnaryCall<>();
                stub(leader, timeoutMs, command).command(request, call);
                return call.result;
            }, observer);
        });
    }

    @Override
    public void cas(CasRequest request, StreamObserver<CasResponse> observer) {
        Answers.guarded(observer, () -> {
            StampedCommand command = identities.stamp(limits.cas(request), request.getSession());
            Answers.answer(router.write(
                    () -> node.propose(command).thenApply(this::compared),
                    (leader, timeoutMs) -> {
                        UnaryCall<CasResponse> call = new UnaryCall<>();
                        stub(leader, timeoutMs, command).cas(request, call);
                        return call.result;
                    }), observer);
        });
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> observer) {
        Answers.guarded(observer, () -> {
            limits.operation(request.getKeyBytes(), 0,
                    () -> new KeyValueCommand.Get(request.getKey()));
            if (request.getStale()) {
                Answers.answer(node.readLocal(request.getKey()).thenApply(this::read), observer);
                return;
            }
            // Linearizable without a log write: the leader's read index (thesis §6.4).
            Answers.answer(router.read(
                    () -> node.read(request.getKey()).thenApply(this::read),
                    (leader, timeoutMs) -> {
                        UnaryCall<GetResponse> call = new UnaryCall<>();
                        stub(leader, timeoutMs).withInterceptors(Forwarding.marking(node.id()))
                                .get(request, call);
                        return call.result;
                    }), observer);
        });
    }

    private void write(StampedCommand command, LeaderRouter.Remote<WriteResponse> remote,
                       StreamObserver<WriteResponse> observer) {
        Answers.answer(router.write(
                () -> node.propose(command).thenApply(this::written), remote), observer);
    }

    /**
     * The answer to a write. A retry of a request that already applied gets that first
     * application's result (its index and term); a refused request gets FAILED_PRECONDITION.
     */
    private WriteResponse written(ApplyResult result) {
        refuseIfRefused(result);
        return WriteResponse.newBuilder().setIndex(result.index()).setTerm(result.term())
                .setExisted(result.existed()).setLeaderId(node.id()).build();
    }

    /** The answer to a cas; a refused request gets FAILED_PRECONDITION, as for writes. */
    private CasResponse compared(ApplyResult result) {
        refuseIfRefused(result);
        CasResponse.Builder response = CasResponse.newBuilder().setSwapped(result.existed())
                .setIndex(result.index()).setTerm(result.term()).setLeaderId(node.id());
        if (result.value() != null) {
            response.setFound(true).setCurrent(ByteString.copyFrom(result.value()));
        }
        return response.build();
    }

    /** A full store is RESOURCE_EXHAUSTED (etcd's NOSPACE); a session's refusal a precondition. */
    private static void refuseIfRefused(ApplyResult result) {
        if (result.isRefused()) {
            Status status = result.noSpace() ? Status.RESOURCE_EXHAUSTED
                    : Status.FAILED_PRECONDITION;
            throw status.withDescription(result.refusal()).asRuntimeException();
        }
    }

    private GetResponse read(ApplyResult result) {
        GetResponse.Builder response = GetResponse.newBuilder().setFound(result.existed())
                .setIndex(result.index()).setLeaderId(node.snapshot().raft().leaderId());
        if (result.value() != null) {
            response.setValue(ByteString.copyFrom(result.value()));
        }
        return response.build();
    }

    private static ClientServiceGrpc.ClientServiceStub stub(Channel leader, long timeoutMs) {
        return ClientServiceGrpc.newStub(leader)
                .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** A stub for forwarding {@code command}: its identity travels with it. */
    private ClientServiceGrpc.ClientServiceStub stub(Channel leader, long timeoutMs,
                                                     StampedCommand command) {
        return stub(leader, timeoutMs).withInterceptors(Forwarding.marking(node.id(), command));
    }
}
