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
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;

/**
 * raftdeck.v1 ClientService: checks the request, then proposes it on the leader or forwards it
 * there, and answers once it is applied. Reads go through the log (linearizable) unless the
 * client asks for a stale read. A write with a session (client id not 0) is stamped with it
 * in the log, so a retry, here or on any other node, applies once and is answered with the
 * first result (see {@code ClientSessions}); a forwarded request carries its session along.
 */
public final class ClientServiceImpl extends ClientServiceGrpc.ClientServiceImplBase {

    private final RaftNode node;
    private final LeaderRouter router;
    private final CommandLimits limits;

    public ClientServiceImpl(RaftNode node, LeaderRouter router, int maxCommandBytes) {
        this.node = node;
        this.router = router;
        this.limits = new CommandLimits(maxCommandBytes);
    }

    @Override
    public void put(PutRequest request, StreamObserver<WriteResponse> observer) {
        Answers.guarded(observer, () -> {
            byte[] command = CommandLimits.stamped(limits.operation(request.getKey(),
                    request.getValue().size(), () -> new KeyValueCommand.Put(request.getKey(),
                            request.getValue().toByteArray())), request.getSession());
            write(command, (leader, timeoutMs) -> {
                UnaryCall<WriteResponse> call = new UnaryCall<>();
                stub(leader, timeoutMs).put(request, call);
                return call.result;
            }, observer);
        });
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<WriteResponse> observer) {
        Answers.guarded(observer, () -> {
            byte[] command = CommandLimits.stamped(limits.operation(request.getKey(), 0,
                    () -> new KeyValueCommand.Delete(request.getKey())), request.getSession());
            write(command, (leader, timeoutMs) -> {
                UnaryCall<WriteResponse> call = new UnaryCall<>();
                stub(leader, timeoutMs).delete(request, call);
                return call.result;
            }, observer);
        });
    }

    @Override
    public void command(CommandRequest request, StreamObserver<WriteResponse> observer) {
        Answers.guarded(observer, () -> {
            byte[] command = CommandLimits.stamped(
                    limits.freeText(request.getCommand().toByteArray()), request.getSession());
            write(command, (leader, timeoutMs) -> {
                UnaryCall<WriteResponse> call = new UnaryCall<>();
                stub(leader, timeoutMs).command(request, call);
                return call.result;
            }, observer);
        });
    }

    @Override
    public void cas(CasRequest request, StreamObserver<CasResponse> observer) {
        Answers.guarded(observer, () -> {
            byte[] command = CommandLimits.stamped(limits.cas(request), request.getSession());
            Answers.answer(router.route(
                    () -> node.propose(command).thenApply(this::compared),
                    (leader, timeoutMs) -> {
                        UnaryCall<CasResponse> call = new UnaryCall<>();
                        stub(leader, timeoutMs).cas(request, call);
                        return call.result;
                    }), observer);
        });
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> observer) {
        Answers.guarded(observer, () -> {
            limits.operation(request.getKey(), 0, () -> new KeyValueCommand.Get(request.getKey()));
            if (request.getStale()) {
                Answers.answer(node.readLocal(request.getKey()).thenApply(this::read), observer);
                return;
            }
            // Linearizable without a log write: the leader's read index (thesis §6.4).
            Answers.answer(router.route(
                    () -> node.read(request.getKey()).thenApply(this::read),
                    (leader, timeoutMs) -> {
                        UnaryCall<GetResponse> call = new UnaryCall<>();
                        stub(leader, timeoutMs).get(request, call);
                        return call.result;
                    }), observer);
        });
    }

    private void write(byte[] command, LeaderRouter.Remote<WriteResponse> remote,
                       StreamObserver<WriteResponse> observer) {
        Answers.answer(router.route(
                () -> node.propose(command).thenApply(this::written), remote), observer);
    }

    /**
     * The answer to a write. A retry of a request that already applied gets that first
     * application's result (its index and term); a refused request gets FAILED_PRECONDITION.
     */
    private WriteResponse written(ApplyResult result) {
        if (result.isRefused()) {
            throw Status.FAILED_PRECONDITION.withDescription(result.refusal())
                    .asRuntimeException();
        }
        return WriteResponse.newBuilder().setIndex(result.index()).setTerm(result.term())
                .setExisted(result.existed()).setLeaderId(node.id()).build();
    }

    /** The answer to a cas; a refused request gets FAILED_PRECONDITION, as for writes. */
    private CasResponse compared(ApplyResult result) {
        if (result.isRefused()) {
            throw Status.FAILED_PRECONDITION.withDescription(result.refusal())
                    .asRuntimeException();
        }
        CasResponse.Builder response = CasResponse.newBuilder().setSwapped(result.existed())
                .setIndex(result.index()).setTerm(result.term()).setLeaderId(node.id());
        if (result.value() != null) {
            response.setFound(true).setCurrent(ByteString.copyFrom(result.value()));
        }
        return response.build();
    }

    private GetResponse read(ApplyResult result) {
        GetResponse.Builder response = GetResponse.newBuilder().setFound(result.existed())
                .setIndex(result.index()).setLeaderId(node.snapshot().raft().leaderId());
        if (result.value() != null) {
            response.setValue(ByteString.copyFrom(result.value()));
        }
        return response.build();
    }

    private ClientServiceGrpc.ClientServiceStub stub(Channel leader, long timeoutMs) {
        return ClientServiceGrpc.newStub(leader)
                .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
                .withInterceptors(Forwarding.marking(node.id()));
    }
}
