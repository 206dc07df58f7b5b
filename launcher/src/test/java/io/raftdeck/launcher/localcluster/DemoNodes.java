package io.raftdeck.launcher.localcluster;

import io.raftdeck.integration.TestCluster;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Configurations of demo nodes on free loopback ports, faults allowed, default timing. */
public final class DemoNodes {

    public static final int ELECTION_TIMEOUT_MAX_MS = NodeConfig.DEFAULT_ELECTION_TIMEOUT_MAX_MS;

    private DemoNodes() {
    }

    public static List<NodeConfig> configs(int count, ClusterDirectory directory) throws IOException {
        return configs(TestCluster.freePorts(count), directory);
    }

    public static List<NodeConfig> configs(List<Integer> ports, ClusterDirectory directory) {
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        for (int id = 1; id <= ports.size(); id++) {
            members.put(id, new NodeAddress("127.0.0.1", ports.get(id - 1)));
        }
        List<NodeConfig> configs = new ArrayList<>();
        for (int id = 1; id <= ports.size(); id++) {
            configs.add(new NodeConfig(id, members, directory.nodeData(id),
                    NodeConfig.DEFAULT_TICK_MS, NodeConfig.DEFAULT_HEARTBEAT_MS,
                    NodeConfig.DEFAULT_ELECTION_TIMEOUT_MIN_MS, ELECTION_TIMEOUT_MAX_MS, true,
                    NodeConfig.DEFAULT_MAX_COMMAND_BYTES, 7919L * id));
        }
        return configs;
    }
}
