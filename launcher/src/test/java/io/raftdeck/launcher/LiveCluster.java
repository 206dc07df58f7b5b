package io.raftdeck.launcher;

import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.launcher.client.StatusReport;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.RaftServer;
import io.raftdeck.node.StartupException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Real RaftServers on free loopback ports with data in a test directory, for tests of the
 * launcher against a live cluster. Talks to the nodes only over gRPC, like any client.
 */
public final class LiveCluster implements AutoCloseable {

    private static final int START_ATTEMPTS = 3;
    private static final long POLL_MS = 50;

    private final List<RaftServer> servers;
    private final List<NodeAddress> addresses;

    private LiveCluster(List<RaftServer> servers, List<NodeAddress> addresses) {
        this.servers = servers;
        this.addresses = addresses;
    }

    /** Starts {@code size} nodes, retrying with other ports if one was taken meanwhile. */
    public static LiveCluster start(int size, Path dataRoot) throws IOException,
            StartupException {
        StartupException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            List<Integer> ports = LoopbackPorts.free(size);
            SortedMap<Integer, NodeAddress> members = new TreeMap<>();
            for (int id = 1; id <= size; id++) {
                members.put(id, new NodeAddress("127.0.0.1", ports.get(id - 1)));
            }
            List<NodeConfig> configs = new ArrayList<>();
            for (int id = 1; id <= size; id++) {
                configs.add(NodeConfig.of(id, members,
                        dataRoot.resolve("attempt-" + attempt).resolve("node-" + id)));
            }
            try {
                return new LiveCluster(NodeRunner.startAll(configs),
                        List.copyOf(members.values()));
            } catch (StartupException e) {
                last = e;
            }
        }
        throw last;
    }

    public List<NodeAddress> addresses() {
        return addresses;
    }

    /** The addresses as a --cluster / --nodes value. */
    public String addressList() {
        return addresses.stream().map(NodeAddress::toString).collect(Collectors.joining(","));
    }

    /** Waits until exactly one node reports itself leader; returns its report. */
    public StatusReport awaitLeader(Duration timeout) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        List<StatusReport> reports = List.of();
        try (ClusterClient client = new ClusterClient(addresses, 1000)) {
            while (System.nanoTime() < deadlineNanos) {
                reports = client.statusOfEach(1000);
                List<StatusReport> leaders = reports.stream().filter(StatusReport::isLeader)
                        .toList();
                if (leaders.size() == 1) {
                    return leaders.get(0);
                }
                Thread.sleep(POLL_MS);
            }
        }
        throw new AssertionError("no single leader within " + timeout + "; last: " + reports);
    }

    @Override
    public void close() {
        NodeRunner.closeAll(servers);
    }
}
