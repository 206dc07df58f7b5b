package io.raftdeck.metrics;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.raftdeck.node.NodeSnapshot;
import io.raftdeck.node.RaftNode;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.GetRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What {@code /livez} and {@code /readyz} check, in etcd's shape: each check is named and
 * passes or fails with a reason.
 *
 * <p>Live: the node's loop runs and finished a turn within {@link #LOOP_STALL_NANOS} (it
 * turns at least once a tick); a fail-stopped node is not live. Ready: it is serving (not
 * stopped), it knows a leader, and a linearizable read answers within {@link
 * #READ_DEADLINE_MS}. The read is a real client Get on the node's own port, so it takes the
 * way any client's does: routed to the leader, confirmed by its ReadIndex round.
 */
final class HealthChecks {

    static final long LOOP_STALL_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long READ_DEADLINE_MS = 1_000;
    /** Any key will do: the check is that the read is confirmed, not what it finds. */
    private static final String PROBE_KEY = "raftdeck/readyz";

    /** One check's outcome: {@code failure} is null when it passed. */
    record Check(String name, String failure) {
        boolean passed() {
            return failure == null;
        }
    }

    private final RaftNode node;
    private final ManagedChannel self;

    /** @param self a channel to this node's own client port */
    HealthChecks(RaftNode node, ManagedChannel self) {
        this.node = node;
        this.self = self;
    }

    List<Check> livez() {
        String failure = null;
        if (node.failure().isPresent()) {
            failure = "stopped: " + node.failure().get();
        } else if (!node.turnedWithin(LOOP_STALL_NANOS)) {
            failure = "the event loop has not turned for "
                    + TimeUnit.NANOSECONDS.toSeconds(LOOP_STALL_NANOS) + " s";
        }
        return List.of(new Check("loop", failure));
    }

    List<Check> readyz() {
        List<Check> checks = new ArrayList<>();
        NodeSnapshot status = node.snapshot();
        String stopped = node.failure().or(() -> Optional.ofNullable(status.failure()))
                .map(reason -> "stopped: " + reason).orElse(null);
        checks.add(new Check("serving", stopped));
        String noLeader = status.raft().leaderId() == 0 ? "no leader" : null;
        checks.add(new Check("leader", noLeader));
        if (stopped != null || noLeader != null) {
            checks.add(new Check("linearizable_read", "not tried: "
                    + (stopped != null ? "stopped" : "no leader")));
        } else {
            checks.add(new Check("linearizable_read", linearizableRead()));
        }
        return checks;
    }

    private String linearizableRead() {
        try {
            ClientServiceGrpc.newBlockingStub(self)
                    .withDeadlineAfter(READ_DEADLINE_MS, TimeUnit.MILLISECONDS)
                    .get(GetRequest.newBuilder().setKey(PROBE_KEY).build());
            return null;
        } catch (StatusRuntimeException e) {
            String description = e.getStatus().getDescription();
            return e.getStatus().getCode() + (description == null ? "" : ": " + description);
        }
    }
}
