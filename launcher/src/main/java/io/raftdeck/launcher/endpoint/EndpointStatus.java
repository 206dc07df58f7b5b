package io.raftdeck.launcher.endpoint;

import io.raftdeck.launcher.client.StatusReport;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.Role;
import java.util.List;

/**
 * One row of {@code endpoint status}: etcd's columns. A node that did not answer, or answered
 * that it stopped, has its reason in {@code errors} and counts as failed.
 *
 * @param isLearner always false: raftdeck has no learners until membership changes exist
 * @param index     the node's last log index
 * @param applied   the last index its state machine applied
 */
record EndpointStatus(String endpoint, Integer id, String version, String commit,
                      boolean isLeader, boolean isLearner, Long term, Long index, Long applied,
                      String errors) {

    static final List<String> HEADERS = List.of("ENDPOINT", "ID", "VERSION", "IS LEADER",
            "IS LEARNER", "TERM", "INDEX", "APPLIED", "ERRORS");

    static EndpointStatus of(StatusReport report) {
        String endpoint = report.address().toString();
        if (!report.answered()) {
            return new EndpointStatus(endpoint, null, null, null, false, false, null, null,
                    null, "unreachable: " + report.error());
        }
        NodeStatus status = report.status();
        String errors = status.getRole() == Role.ROLE_STOPPED
                ? "stopped: " + status.getFailure().replaceAll("\\s+", " ").strip() : "";
        return new EndpointStatus(endpoint, status.getId(), status.getVersion(),
                status.getCommit(), report.isLeader(), false, status.getTerm(),
                status.getLastLogIndex(), status.getLastApplied(), errors);
    }

    boolean failed() {
        return !errors.isEmpty();
    }

    List<String> cells() {
        return List.of(endpoint, text(id), text(version), String.valueOf(isLeader),
                String.valueOf(isLearner), text(term), text(index), text(applied), errors);
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
