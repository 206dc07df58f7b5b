package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of clients slows callers instead of toppling a node: 2,000 concurrent puts on async
 * stubs over eight channels against one follower of a real three-node cluster. Status keeps
 * answering within its deadline throughout, every call ends (ok, or refused with a retryable
 * status) by its deadline, the node does not stop, and puts succeed afterwards.
 */
class ClientFloodIntegrationTest {

    private static final int CHANNELS = 8;
    private static final int CALLS = 2_000;
    private static final long CALL_DEADLINE_MS = 10_000;
    /** Past its deadline a call must have ended within this: the client's own timer fires. */
    private static final long END_MARGIN_MS = 5_000;
    private static final long STATUS_DEADLINE_MS = 5_000;
    private static final ByteString VALUE = ByteString.copyFrom(new byte[4096]);

    @TempDir
    Path dataRoot;
    private TestCluster cluster;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twoThousandConcurrentCallsSlowCallersButTheNodeKeepsServing() throws Exception {
        cluster = TestCluster.start(3, dataRoot);
        int leader = cluster.awaitLeader();
        int target = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        NodeAddress address = cluster.config(target).listen();
        for (int c = 0; c < CHANNELS; c++) {
            channels.add(NettyChannelBuilder.forAddress(address.host(), address.port())
                    .usePlaintext().build());
        }
        // Connected before the flood: a connection opened during it waits for the handshake.
        AdminServiceGrpc.AdminServiceBlockingStub admin = AdminServiceGrpc
                .newBlockingStub(cluster.channel(target));
        admin.withDeadlineAfter(STATUS_DEADLINE_MS, TimeUnit.MILLISECONDS)
                .status(StatusRequest.getDefaultInstance());
        Map<Status.Code, AtomicLong> outcomes = new ConcurrentHashMap<>();
        CountDownLatch ended = new CountDownLatch(CALLS);
        long startNanos = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            ClientServiceGrpc.newStub(channels.get(i % CHANNELS))
                    .withDeadlineAfter(CALL_DEADLINE_MS, TimeUnit.MILLISECONDS)
                    .put(PutRequest.newBuilder().setKey("flood-" + i).setValue(VALUE).build(),
                            new Outcome(outcomes, ended));
        }
        // While the flood runs, status on its own channel answers within its deadline.
        long slowestStatusMs = 0;
        int statusCalls = 0;
        while (ended.getCount() > 0 && statusCalls < 1_000) {
            long before = System.nanoTime();
            NodeStatus status = admin.withDeadlineAfter(STATUS_DEADLINE_MS, TimeUnit.MILLISECONDS)
                    .status(StatusRequest.getDefaultInstance());
            assertTrue(status.getRole() != Role.ROLE_STOPPED, status::toString);
            slowestStatusMs = Math.max(slowestStatusMs,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before));
            statusCalls++;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        assertTrue(ended.await(CALL_DEADLINE_MS + END_MARGIN_MS, TimeUnit.MILLISECONDS),
                ended.getCount() + " of " + CALLS + " calls still open past their deadline");
        long floodMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        System.out.println("flood of " + CALLS + " puts at follower " + target + ": "
                + outcomes + " in " + floodMs + " ms; " + statusCalls
                + " status calls, slowest " + slowestStatusMs + " ms");
        for (Status.Code code : outcomes.keySet()) {
            assertTrue(code == Status.Code.OK || code == Status.Code.UNAVAILABLE
                    || code == Status.Code.RESOURCE_EXHAUSTED
                    || code == Status.Code.DEADLINE_EXCEEDED, "unexpected " + code + ": "
                    + outcomes);
        }
        assertTrue(outcomes.getOrDefault(Status.Code.OK, new AtomicLong()).get() > 0,
                outcomes::toString);

        WriteResponse after = cluster.client(target).put(PutRequest.newBuilder()
                .setKey("after-flood").setValue(VALUE).build());
        assertTrue(after.getIndex() > 0);
        assertEquals(3, cluster.runningIds().size());
        for (int id : cluster.ids()) {
            assertTrue(cluster.node(id).failure().isEmpty(), "node " + id + " stopped: "
                    + cluster.node(id).failure());
        }
    }

    /** Counts how one call ended. */
    private record Outcome(Map<Status.Code, AtomicLong> outcomes, CountDownLatch ended)
            implements StreamObserver<WriteResponse> {

        @Override
        public void onNext(WriteResponse response) {
        }

        @Override
        public void onError(Throwable failure) {
            outcomes.computeIfAbsent(Status.fromThrowable(failure).getCode(),
                    code -> new AtomicLong()).incrementAndGet();
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            outcomes.computeIfAbsent(Status.Code.OK, code -> new AtomicLong())
                    .incrementAndGet();
            ended.countDown();
        }
    }
}
