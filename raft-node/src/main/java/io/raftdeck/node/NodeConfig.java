package io.raftdeck.node;

import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything one node needs to start.
 *
 * @param id                   this node's id (>= 1); must be a key of {@code members}
 * @param members              every member's id and address, this node included
 * @param dataDir              where the WAL lives; null keeps the log in memory (tests only)
 * @param tickMs               length of one core tick
 * @param heartbeatMs          leader heartbeat interval
 * @param electionTimeoutMinMs lower bound of the randomized election timeout
 * @param electionTimeoutMaxMs upper bound of the randomized election timeout
 * @param allowFaults          whether the admin API may cut links / crash this node
 * @param maxCommandBytes      largest accepted command or value; larger gets INVALID_ARGUMENT
 * @param randomSeed           seed of the election-timeout jitter
 */
public record NodeConfig(
        int id,
        SortedMap<Integer, NodeAddress> members,
        Path dataDir,
        int tickMs,
        int heartbeatMs,
        int electionTimeoutMinMs,
        int electionTimeoutMaxMs,
        boolean allowFaults,
        int maxCommandBytes,
        long randomSeed) {

    public static final int DEFAULT_TICK_MS = 10;
    public static final int DEFAULT_HEARTBEAT_MS = 50;
    public static final int DEFAULT_ELECTION_TIMEOUT_MIN_MS = 150;
    public static final int DEFAULT_ELECTION_TIMEOUT_MAX_MS = 300;
    public static final int DEFAULT_MAX_COMMAND_BYTES = 1 << 20;

    public NodeConfig {
        members = new TreeMap<>(members);
    }

    /** Defaults for everything but identity, membership and storage. */
    public static NodeConfig of(int id, Map<Integer, NodeAddress> members, Path dataDir) {
        return new NodeConfig(id, new TreeMap<>(members), dataDir, DEFAULT_TICK_MS,
                DEFAULT_HEARTBEAT_MS, DEFAULT_ELECTION_TIMEOUT_MIN_MS,
                DEFAULT_ELECTION_TIMEOUT_MAX_MS, false, DEFAULT_MAX_COMMAND_BYTES,
                System.nanoTime() ^ id);
    }

    public NodeAddress listen() {
        return members.get(id);
    }
}
