package io.raftdeck.launcher.bench;

import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.NodeStatus;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cluster someone else runs ({@code --cluster}): every node given must answer its status at
 * the start, which also tells each one's id, so an answer naming a leader by id can be
 * followed. Nothing is killed or deleted.
 */
final class GivenCluster implements BenchCluster {

    private final SortedMap<Integer, NodeAddress> members;

    private GivenCluster(SortedMap<Integer, NodeAddress> members) {
        this.members = members;
    }

    static GivenCluster of(List<NodeAddress> addresses, StatusPoller poller, long timeoutMs)
            throws InterruptedException {
        List<NodeAddress> distinct = List.copyOf(new LinkedHashSet<>(addresses));
        Map<NodeAddress, NodeStatus> answers;
        try {
            answers = poller.poll(distinct).get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandFailure(ExitCodes.NO_LEADER, "the nodes did not answer: " + e);
        }
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        for (NodeAddress address : distinct) {
            NodeStatus status = answers.get(address);
            if (status == null) {
                throw new CommandFailure(ExitCodes.NO_LEADER, address
                        + " did not answer its status within " + timeoutMs + " ms");
            }
            NodeAddress same = members.put(status.getId(), address);
            if (same != null) {
                throw new CommandFailure(ExitCodes.USAGE, same + " and " + address
                        + " are both node " + status.getId());
            }
        }
        return new GivenCluster(members);
    }

    @Override
    public SortedMap<Integer, NodeAddress> members() {
        return members;
    }

    @Override
    public String description() {
        return members.size() + " nodes of a running cluster: " + members;
    }

    @Override
    public boolean canKill() {
        return false;
    }

    @Override
    public String killMethod() {
        return "none (not our processes)";
    }

    @Override
    public void kill(int id) {
        throw new UnsupportedOperationException("the nodes of --cluster are not ours to kill");
    }

    @Override
    public void restart(int id) {
        throw new UnsupportedOperationException("the nodes of --cluster are not ours to start");
    }

    @Override
    public void close() {
        // Someone else's nodes: nothing to stop.
    }
}
