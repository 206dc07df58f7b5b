package io.raftdeck.launcher.chaos;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ChannelCredentials;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.launcher.client.StatusReport;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.SetLinksRequest;
import io.raftdeck.proto.v1.TransferRequest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** The admin calls of a chaos run: who leads, cut and heal links, hand over leadership. */
final class ClusterAdmin implements AutoCloseable {

    /**
     * Link and transfer calls: a live node answers at once, but one that has just been
     * restarted is a cold JVM whose first calls can take well over a second.
     */
    static final long CALL_TIMEOUT_MS = 3_000;
    /** Status polls: a paused or dead node never answers, and must not hold up the others. */
    static final long STATUS_TIMEOUT_MS = 1_000;

    private final SortedMap<Integer, NodeAddress> members;
    private final ClusterClient client;

    ClusterAdmin(SortedMap<Integer, NodeAddress> members) {
        this(members, InsecureChannelCredentials.create());
    }

    /** Dialing the nodes with {@code credentials} (a TLS --cluster). */
    ClusterAdmin(SortedMap<Integer, NodeAddress> members, ChannelCredentials credentials) {
        this.members = new TreeMap<>(members);
        this.client = new ClusterClient(List.copyOf(members.values()), CALL_TIMEOUT_MS,
                credentials);
    }

    /** Each node's status, or null for a node that did not answer, by node id. */
    SortedMap<Integer, NodeStatus> statuses() throws InterruptedException {
        SortedMap<Integer, NodeStatus> statuses = new TreeMap<>();
        List<StatusReport> reports = client.statusOfEach(STATUS_TIMEOUT_MS);
        int index = 0;
        for (int id : members.keySet()) {
            statuses.put(id, reports.get(index++).status());
        }
        return statuses;
    }

    /** The leader of the highest term any answering node knows of a leader in. */
    static Optional<NodeStatus> leaderOf(Collection<NodeStatus> statuses) {
        return statuses.stream()
                .filter(status -> status != null
                        && status.getRole() == Role.ROLE_LEADER)
                .max((a, b) -> Long.compare(a.getTerm(), b.getTerm()));
    }

    Optional<Integer> leader() throws InterruptedException {
        return leaderOf(statuses().values()).map(NodeStatus::getId);
    }

    /**
     * Cuts every link between {@code group} and the other nodes, on both sides. Nodes that do
     * not answer (killed, paused) are skipped; the failures are returned, one line each.
     */
    List<String> separate(Collection<Integer> group) {
        Map<Integer, List<Integer>> cuts = new TreeMap<>();
        for (int id : members.keySet()) {
            boolean inside = group.contains(id);
            cuts.put(id, members.keySet().stream()
                    .filter(other -> group.contains(other) != inside).toList());
        }
        return setLinks(cuts);
    }

    /** Restores every link of every node that answers. */
    List<String> healLinks() {
        Map<Integer, List<Integer>> cuts = new TreeMap<>();
        members.keySet().forEach(id -> cuts.put(id, List.of()));
        return setLinks(cuts);
    }

    /** Asks {@code leader} to hand over to {@code to}; returns the new leader's id. */
    int transfer(int leader, int to) {
        TransferRequest request = TransferRequest.newBuilder().setTo(to).build();
        return client.callNode("transfer", members.get(leader), (channel, deadline) ->
                AdminServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                        .transferLeadership(request)).getLeaderId();
    }

    private List<String> setLinks(Map<Integer, List<Integer>> cuts) {
        List<String> failures = new ArrayList<>();
        cuts.forEach((id, cut) -> {
            SetLinksRequest request = SetLinksRequest.newBuilder()
                    .addAllCut(new TreeSet<>(cut)).build();
            try {
                client.callNode("set-links", members.get(id), (channel, deadline) ->
                        AdminServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                                .setLinks(request));
            } catch (CommandFailure failed) {
                failures.add("node " + id + ": " + failed.getMessage());
            }
        });
        return failures;
    }

    @Override
    public void close() {
        client.close();
    }
}
