package io.raftdeck.launcher.client;

import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.Role;

/**
 * What one node said when asked for its status: its status, or why it did not answer.
 *
 * @param address where it was asked
 * @param status  its answer, or null when it did not answer
 * @param error   why it did not answer, or null when it did
 */
public record StatusReport(NodeAddress address, NodeStatus status, String error) {

    static StatusReport answered(NodeAddress address, NodeStatus status) {
        return new StatusReport(address, status, null);
    }

    static StatusReport failed(NodeAddress address, String error) {
        return new StatusReport(address, null, error);
    }

    public boolean answered() {
        return status != null;
    }

    public boolean isLeader() {
        return answered() && status.getRole() == Role.ROLE_LEADER;
    }
}
