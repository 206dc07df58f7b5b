package io.raftdeck.launcher.bench;

import io.raftdeck.launcher.demo.DemoDirectory;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The configuration of the five nodes a benchmark starts: 127.0.0.1 from a base port, a data
 * dir each under the run's directory, and every setting at the node's default (timing,
 * snapshot threshold, command size), since the point is to measure what users run. Fault
 * controls are off: nothing in a benchmark cuts links.
 */
final class NodeConfigs {

    static final int NODE_COUNT = 5;
    static final String HOST = "127.0.0.1";

    private NodeConfigs() {
    }

    static List<NodeConfig> of(int basePort, DemoDirectory directory) {
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        for (int id = 1; id <= NODE_COUNT; id++) {
            members.put(id, new NodeAddress(HOST, basePort + id - 1));
        }
        SecureRandom random = new SecureRandom();
        List<NodeConfig> configs = new ArrayList<>();
        for (int id = 1; id <= NODE_COUNT; id++) {
            configs.add(new NodeConfig(id, members, directory.nodeData(id),
                    NodeConfig.DEFAULT_TICK_MS, NodeConfig.DEFAULT_HEARTBEAT_MS,
                    NodeConfig.DEFAULT_ELECTION_TIMEOUT_MIN_MS,
                    NodeConfig.DEFAULT_ELECTION_TIMEOUT_MAX_MS, false,
                    NodeConfig.DEFAULT_MAX_COMMAND_BYTES, random.nextLong()));
        }
        return configs;
    }

    static SortedMap<Integer, NodeAddress> members(List<NodeConfig> configs) {
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        configs.forEach(config -> members.put(config.id(), config.listen()));
        return members;
    }

    static String where(int basePort) {
        return HOST + ":" + basePort + ".." + (basePort + NODE_COUNT - 1);
    }
}
