package io.raftdeck.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientCallLimitTest {

    private static final int LIMIT = 2;

    /** The calls the service holds open, to be answered by the test. */
    private final LinkedBlockingQueue<StreamObserver<WriteResponse>> held =
            new LinkedBlockingQueue<>();
    private final ClientCallLimit limit = new ClientCallLimit(4, LIMIT);
    private LoopbackServer server;

    private final class HoldingService extends ClientServiceGrpc.ClientServiceImplBase {
        @Override
        public void put(PutRequest request, StreamObserver<WriteResponse> observer) {
            held.add(observer);
        }
    }

    private ClientServiceGrpc.ClientServiceStub start() throws Exception {
        server = LoopbackServer.serving(ServerInterceptors.intercept(
                ServerInterceptors.intercept(new HoldingService(), limit),
                Forwarding.serverInterceptor(Forwarding.MemberProof.secret(null))));
        return ClientServiceGrpc.newStub(server.channel())
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void pastTheLimitACallIsRefusedAtOnceAsRetryableAndNotProposed() throws Exception {
        // Proves calls beyond the limit fail at once with UNAVAILABLE, the sentence and the
        // not-proposed mark, a call that ends frees its place, and forwarded calls pass.
        ClientServiceGrpc.ClientServiceStub client = start();
        CompletableFuture<WriteResponse> first = put(client);
        CompletableFuture<WriteResponse> second = put(client);
        TestCluster.await("two calls held", Duration.ofSeconds(10), () -> held.size() == LIMIT);

        StatusRuntimeException refused = failure(put(client));
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        assertEquals("node 4 is serving 2 client calls, its limit; try again shortly or another"
                + " node", refused.getStatus().getDescription());
        assertTrue(WriteOutcome.isNotProposed(refused));

        CompletableFuture<WriteResponse> forwarded = put(client.withInterceptors(
                Forwarding.marking(2)));
        TestCluster.await("the forwarded call held", Duration.ofSeconds(10),
                () -> held.size() == LIMIT + 1);

        // The first two calls may reach the service in either order: answer whichever came
        // first, and wait for that one.
        StreamObserver<WriteResponse> answered = held.take();
        answered.onNext(WriteResponse.getDefaultInstance());
        answered.onCompleted();
        CompletableFuture.anyOf(first, second).get(10, TimeUnit.SECONDS);
        TestCluster.await("the place freed", Duration.ofSeconds(10),
                () -> limit.inFlight() == LIMIT - 1);
        put(client);
        TestCluster.await("a new call admitted", Duration.ofSeconds(10),
                () -> held.size() == LIMIT + 1 && limit.inFlight() == LIMIT);
        assertTrue(first.isDone() != second.isDone() && !forwarded.isDone());
    }

    private static CompletableFuture<WriteResponse> put(ClientServiceGrpc.ClientServiceStub stub) {
        UnaryCall<WriteResponse> call = new UnaryCall<>();
        stub.put(PutRequest.newBuilder().setKey("k").build(), call);
        return call.result;
    }

    private static StatusRuntimeException failure(CompletableFuture<WriteResponse> call)
            throws Exception {
        try {
            call.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return (StatusRuntimeException) e.getCause();
        }
        throw new AssertionError("the call succeeded");
    }
}
