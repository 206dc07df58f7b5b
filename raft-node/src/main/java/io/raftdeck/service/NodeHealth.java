package io.raftdeck.service;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.raftdeck.node.NodeSnapshot;
import io.raftdeck.proto.seed.RaftServiceGrpc;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import java.util.List;

/**
 * The node's answer to {@code grpc.health.v1.Health}: SERVING while it runs and knows a leader,
 * so a client request sent here can be routed; NOT_SERVING while no leader is known (an
 * election, or this node cut off from a majority) and once it has stopped. The admin service,
 * which answers status in every state, is always SERVING until the server closes: a probe of
 * it tells only that the process answers.
 */
public final class NodeHealth {

    /** The services whose health follows the cluster's: "" is the whole server. */
    private static final List<String> ROUTED_SERVICES = List.of(
            HealthStatusManager.SERVICE_NAME_ALL_SERVICES,
            ClientServiceGrpc.SERVICE_NAME,
            RaftServiceGrpc.SERVICE_NAME);

    private final HealthStatusManager manager = new HealthStatusManager();
    private ServingStatus routed;

    public NodeHealth() {
        manager.setStatus(AdminServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
        set(ServingStatus.NOT_SERVING);
    }

    public BindableService service() {
        return manager.getHealthService();
    }

    /** Follows the node's latest status; called periodically, from one thread at a time. */
    public synchronized void update(NodeSnapshot status) {
        boolean serving = status.failure() == null && status.raft().leaderId() != 0;
        set(serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    }

    /** The server is closing: every service says NOT_SERVING from now on. */
    public synchronized void closing() {
        manager.enterTerminalState();
    }

    private void set(ServingStatus status) {
        if (status != routed) {
            routed = status;
            for (String service : ROUTED_SERVICES) {
                manager.setStatus(service, status);
            }
        }
    }
}
