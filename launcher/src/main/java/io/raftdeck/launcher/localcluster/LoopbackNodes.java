package io.raftdeck.launcher.localcluster;

import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
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
        SortedMap<Integer, NodeAddress> members = members(basePort, NODE_COUNT);
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

    /** Nodes 1..{@code count} on {@code basePort}..: every node's listen address. */
    public static SortedMap<Integer, NodeAddress> members(int basePort, int count) {
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        for (int id = 1; id <= count; id++) {
            members.put(id, new NodeAddress(HOST, basePort + id - 1));
        }
        return members;
    }

    public static SortedMap<Integer, NodeAddress> members(Collection<NodeConfig> configs) {
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        configs.forEach(config -> members.put(config.id(), config.listen()));
        return members;
    }

    /** "127.0.0.1:5001..5005" for base port 5001. */
    public static String where(int basePort) {
        return where(basePort, NODE_COUNT);
    }

    /** "127.0.0.1:5001..5003" for base port 5001 and three nodes. */
    public static String where(int basePort, int count) {
        return HOST + ":" + basePort + ".." + (basePort + count - 1);
    }

    /**
     * As {@link #where(int, int)} when the members are one host's consecutive ports in id
     * order, as every cluster a tool starts is; otherwise every address.
     */
    public static String where(SortedMap<Integer, NodeAddress> members) {
        NodeAddress first = members.get(members.firstKey());
        int offset = 0;
        for (NodeAddress address : members.values()) {
            if (!address.host().equals(first.host()) || address.port() != first.port() + offset) {
                return members.values().toString();
            }
            offset++;
        }
        return first.host() + ":" + first.port() + ".." + (first.port() + offset - 1);
    }
}
