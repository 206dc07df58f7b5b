package io.raftdeck.launcher.client;

import io.grpc.Server;
import io.grpc.Status;
import io.raftdeck.service.WriteOutcome;
import io.grpc.stub.StreamObserver;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.DeleteRequest;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.GetResponse;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on a loopback port that answers the client and admin services with whatever
 * the test scripts, so the client's failover, deadlines and output can be tested without a
 * Raft cluster. Every request it receives is recorded.
 */
final class FakeNode implements AutoCloseable {

    /** What the fake does with each request: answer, fail with a status, or never answer. */
    /**
     * UNAVAILABLE is a node that knows no leader and took nothing, as a real one marks it;
     * OUTCOME_UNKNOWN a node that took the write but cannot say whether it committed.
     */
    enum Behaviour { ANSWER, UNAVAILABLE, OUTCOME_UNKNOWN, INVALID_ARGUMENT, SILENT }

    final List<Object> requests = new CopyOnWriteArrayList<>();
    volatile Behaviour behaviour = Behaviour.ANSWER;
    volatile WriteResponse writeResponse = WriteResponse.getDefaultInstance();
    volatile GetResponse getResponse = GetResponse.getDefaultInstance();
    volatile NodeStatus status = NodeStatus.getDefaultInstance();
    private final Server server;

    FakeNode() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Client()).addService(new Admin()).build().start();
    }

    NodeAddress address() {
        return new NodeAddress("127.0.0.1", server.getPort());
    }

    /** A loopback address where nothing listens (the port was free a moment ago). */
    static NodeAddress deadAddress() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            return new NodeAddress("127.0.0.1", socket.getLocalPort());
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private <T> void respond(Object request, T answer, StreamObserver<T> observer) {
        requests.add(request);
        switch (behaviour) {
            case ANSWER -> {
                observer.onNext(answer);
                observer.onCompleted();
            }
            case UNAVAILABLE -> observer.onError(Status.UNAVAILABLE
                    .withDescription("no leader known to this node")
                    .asRuntimeException(WriteOutcome.notProposed()));
            case OUTCOME_UNKNOWN -> observer.onError(Status.UNAVAILABLE
                    .withDescription("outcome unknown: leadership lost").asRuntimeException());
            case INVALID_ARGUMENT -> observer.onError(Status.INVALID_ARGUMENT
                    .withDescription("command larger than 16 bytes").asRuntimeException());
            case SILENT -> {
                // Never answers: the caller's deadline must end the call.
            }
        }
    }

    private final class Client extends ClientServiceGrpc.ClientServiceImplBase {
        @Override
        public void put(PutRequest request, StreamObserver<WriteResponse> observer) {
            respond(request, writeResponse, observer);
        }

        @Override
        public void get(GetRequest request, StreamObserver<GetResponse> observer) {
            respond(request, getResponse, observer);
        }

        @Override
        public void delete(DeleteRequest request, StreamObserver<WriteResponse> observer) {
            respond(request, writeResponse, observer);
        }

        @Override
        public void command(CommandRequest request, StreamObserver<WriteResponse> observer) {
            respond(request, writeResponse, observer);
        }
    }

    private final class Admin extends AdminServiceGrpc.AdminServiceImplBase {
        @Override
        public void status(StatusRequest request, StreamObserver<NodeStatus> observer) {
            respond(request, status, observer);
        }
    }
}
