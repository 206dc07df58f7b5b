package io.raftdeck.launcher.endpoint;

import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.raftdeck.launcher.client.RpcFailures;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.StatusRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One row of {@code endpoint health}: healthy when the node answers its status as running and
 * a linearizable read sent to it succeeds (the read goes through the leader's read index, so
 * the node must reach a leader that holds a quorum), as etcd checks a linearizable get.
 *
 * @param tookMs how long the checks took, both calls together
 */
record EndpointHealth(String endpoint, boolean healthy, long tookMs, String error) {

    static final List<String> HEADERS = List.of("ENDPOINT", "HEALTHY", "TOOK", "ERROR");
    /** Read by the probe; whether it holds a value does not matter, only that the read ran. */
    static final String PROBE_KEY = "raftdeck/health";

    /** Checks {@code node} over {@code channel}, both calls within {@code timeoutMs}. */
    static EndpointHealth probe(NodeAddress node, ManagedChannel channel, long timeoutMs) {
        long startNanos = System.nanoTime();
        Deadline deadline = Deadline.after(timeoutMs, TimeUnit.MILLISECONDS);
        String error = "";
        try {
            NodeStatus status = AdminServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                    .status(StatusRequest.getDefaultInstance());
            if (status.getRole() == Role.ROLE_STOPPED) {
                error = "stopped: " + status.getFailure().replaceAll("\\s+", " ").strip();
            } else {
                ClientServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                        .get(GetRequest.newBuilder().setKey(PROBE_KEY).build());
            }
        } catch (StatusRuntimeException e) {
            error = RpcFailures.describe(e);
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return new EndpointHealth(node.toString(), error.isEmpty(), tookMs, error);
    }

    List<String> cells() {
        return List.of(endpoint, String.valueOf(healthy), tookMs + " ms", error);
    }
}
