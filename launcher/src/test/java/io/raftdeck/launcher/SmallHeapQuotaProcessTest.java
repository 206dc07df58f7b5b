package io.raftdeck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.DeleteRequest;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.StatusRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client data cannot run a node out of memory: a {@code raftdeck node} process with a 256 MiB
 * heap, whose clients write 1 MiB values until its 48 MiB quota refuses them, snapshotting
 * its full store every 16 entries meanwhile, keeps serving: it answers status (not STOPPED,
 * the alarm raised), reads and deletes, and its output holds no OutOfMemoryError.
 */
class SmallHeapQuotaProcessTest {

    private static final int VALUE_BYTES = 1 << 20;
    private static final int WRITERS = 4;
    /** 48 MiB holds 47 such values: far fewer than the writers try. */
    private static final int MAX_PUTS_PER_WRITER = 60;

    @TempDir
    Path directory;

    @Test
    void aNodeWithA256MiBHeapFilledWithMiBValuesKeepsServing() throws Exception {
        int port = TestCluster.freePorts(1).get(0);
        Path output = directory.resolve("node.out");
        Process node = NodeProcesses.start(port, directory.resolve("data"), output, List.of(),
                List.of("-Xmx256m", "-XX:+UseSerialGC"),
                List.of("--quota-bytes", "48MiB", "--max-command-bytes",
                        String.valueOf(2 * VALUE_BYTES), "--snapshot-threshold", "16"));
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext().maxInboundMessageSize(4 * VALUE_BYTES).build();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            ClientServiceGrpc.ClientServiceBlockingStub client =
                    ClientServiceGrpc.newBlockingStub(channel);
            List<Future<Status>> refusals = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                refusals.add(writers.submit(() -> fillUntilRefused(client, writer)));
            }
            for (Future<Status> refusal : refusals) {
                Status status = refusal.get(120, TimeUnit.SECONDS);
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(),
                        status + "\n" + NodeProcesses.read(output));
            }
            NodeStatus status = AdminServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .status(StatusRequest.getDefaultInstance());
            assertEquals(Role.ROLE_LEADER, status.getRole(), status::toString);
            assertTrue(status.getNoSpaceAlarm(), status::toString);
            assertTrue(status.getStoreBytes() > 40L << 20, status::toString);
            assertTrue(client.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .get(GetRequest.newBuilder().setKey("w0-0").build()).getFound());
            assertTrue(client.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .delete(DeleteRequest.newBuilder().setKey("w0-0").build()).getExisted());
            assertTrue(node.isAlive(), NodeProcesses.read(output));
            assertFalse(NodeProcesses.read(output).contains("OutOfMemoryError"),
                    NodeProcesses.read(output));
            assertFalse(NodeProcesses.read(output).contains("warning: --quota-bytes"),
                    NodeProcesses.read(output));
        } finally {
            writers.shutdownNow();
            writers.awaitTermination(20, TimeUnit.SECONDS);
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            NodeProcesses.stop(node);
        }
    }

    /** Puts 1 MiB values under distinct keys until one is refused; returns its status. */
    private static Status fillUntilRefused(ClientServiceGrpc.ClientServiceBlockingStub client,
                                           int writer) {
        ByteString value = ByteString.copyFrom(new byte[VALUE_BYTES]);
        for (int i = 0; i < MAX_PUTS_PER_WRITER; i++) {
            try {
                client.withDeadlineAfter(20, TimeUnit.SECONDS).put(PutRequest.newBuilder()
                        .setKey("w" + writer + "-" + i).setValue(value).build());
            } catch (StatusRuntimeException refused) {
                return refused.getStatus();
            }
        }
        throw new AssertionError("writer " + writer + " put " + MAX_PUTS_PER_WRITER
                + " MiB without a refusal");
    }
}
