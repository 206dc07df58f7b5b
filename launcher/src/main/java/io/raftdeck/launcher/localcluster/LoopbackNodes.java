package io.raftdeck.launcher.localcluster;

import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The configuration of the five nodes a tool starts on this machine (bench, chaos, tests):
 * 127.0.0.1 from a base port, a data dir each under the run's directory, and every setting at
 * the node's default (timing, snapshot threshold, command size), since the point is to run
 * what users run. Fault controls are on only when the tool injects faults.
 */
public final class LoopbackNodes {

    public static final int NODE_COUNT = 5;
    public static final String HOST = "127.0.0.1";

    private LoopbackNodes() {
    }

    /** Nodes 1..5 on {@code basePort}..+4, with fault controls on when {@code allowFaults}. */
    public static List<NodeConfig> of(int basePort, ClusterDirectory directory,
                                      boolean allowFaults) {
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
                    NodeConfig.DEFAULT_ELECTION_TIMEOUT_MAX_MS, allowFaults,
                    NodeConfig.DEFAULT_MAX_COMMAND_BYTES, random.nextLong()));
        }
        return configs;
    }

    public static SortedMap<Integer, NodeAddress> members(List<NodeConfig> configs) {
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        configs.forEach(config -> members.put(config.id(), config.listen()));
        return members;
    }

    /** "127.0.0.1:5001..5005" for base port 5001. */
    public static String where(int basePort) {
        return HOST + ":" + basePort + ".." + (basePort + NODE_COUNT - 1);
    }
}
