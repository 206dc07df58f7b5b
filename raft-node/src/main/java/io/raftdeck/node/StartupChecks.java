package io.raftdeck.node;

import io.raftdeck.core.RaftConfig;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks a {@link NodeConfig} before anything is opened, in the units the user wrote
 * (milliseconds, host:port), so every mistake is one readable line.
 */
final class StartupChecks {

    /** Upper bound on maxCommandBytes: a command must fit one WAL record and one gRPC message. */
    static final int MAX_COMMAND_BYTES_LIMIT = 16 << 20;
    /** Bounds on the snapshot threshold: the log in memory holds about this many entries. */
    static final int MAX_SNAPSHOT_THRESHOLD_ENTRIES = 10_000_000;
    static final long MIN_WAL_SEGMENT_BYTES = 4096;
    static final long MAX_WAL_SEGMENT_BYTES = 1L << 30;

    private StartupChecks() {
    }

    static void check(NodeConfig config) throws StartupException {
        checkDataDirectory(config);
        checkMembers(config);
        checkTiming(config);
        if (config.maxCommandBytes() < 1 || config.maxCommandBytes() > MAX_COMMAND_BYTES_LIMIT) {
            throw new StartupException("max command size must be 1.." + MAX_COMMAND_BYTES_LIMIT
                    + " bytes, was " + config.maxCommandBytes());
        }
        checkCompaction(config);
        checkListeners(config);
        checkAdminSubjects(config);
        if (config.maxConnections() < 1) {
            throw new StartupException("max connections must be >= 1, was "
                    + config.maxConnections());
        }
    }

    private static void checkCompaction(NodeConfig config) throws StartupException {
        int threshold = config.snapshotThresholdEntries();
        if (threshold < 1 || threshold > MAX_SNAPSHOT_THRESHOLD_ENTRIES) {
            throw new StartupException("snapshot threshold must be 1.."
                    + MAX_SNAPSHOT_THRESHOLD_ENTRIES + " entries, was " + threshold);
        }
        long segmentBytes = config.walSegmentBytes();
        if (segmentBytes < MIN_WAL_SEGMENT_BYTES || segmentBytes > MAX_WAL_SEGMENT_BYTES) {
            throw new StartupException("WAL segment size must be " + MIN_WAL_SEGMENT_BYTES + ".."
                    + MAX_WAL_SEGMENT_BYTES + " bytes, was " + segmentBytes);
        }
    }

    /**
     * An empty path names the current directory: a node started with {@code --data-dir ""}
     * (an unset shell variable, typically) would spread its log over wherever it was started,
     * and the next start from elsewhere would come up with an empty log and no vote.
     */
    private static void checkDataDirectory(NodeConfig config) throws StartupException {
        if (config.dataDir() != null && config.dataDir().toString().isBlank()) {
            throw new StartupException("the data directory is empty (\"\"); name a directory"
                    + " for the node's log and vote");
        }
    }

    private static void checkMembers(NodeConfig config) throws StartupException {
        if (config.members().isEmpty()) {
            throw new StartupException("no members configured");
        }
        if (config.id() < 1) {
            throw new StartupException("node id must be >= 1, was " + config.id());
        }
        Map<NodeAddress, Integer> owners = new HashMap<>();
        for (Map.Entry<Integer, NodeAddress> member : config.members().entrySet()) {
            if (member.getKey() == null || member.getKey() < 1) {
                throw new StartupException("member ids must be >= 1, was " + member.getKey());
            }
            if (member.getValue() == null) {
                throw new StartupException("node " + member.getKey() + " has no address");
            }
            Integer other = owners.putIfAbsent(member.getValue(), member.getKey());
            if (other != null) {
                throw new StartupException("node " + other + " and node " + member.getKey()
                        + " both use " + member.getValue());
            }
        }
        if (!config.members().containsKey(config.id())) {
            throw new StartupException("node " + config.id() + " is not among the members "
                    + config.members().keySet() + "; the peer list must include its own id");
        }
    }

    private static void checkTiming(NodeConfig config) throws StartupException {
        int tick = config.tickMs();
        if (tick < 1) {
            throw new StartupException("tick must be >= 1 ms, was " + tick);
        }
        if (config.heartbeatMs() < tick) {
            throw new StartupException("heartbeat (" + config.heartbeatMs()
                    + " ms) must be at least one tick (" + tick + " ms)");
        }
        // A follower must see at least two heartbeats per election timeout, or one lost
        // heartbeat would start an election against a healthy leader.
        if (config.electionTimeoutMinMs() <= 2 * config.heartbeatMs()) {
            throw new StartupException("election timeout minimum ("
                    + config.electionTimeoutMinMs() + " ms) must be more than twice the"
                    + " heartbeat (" + config.heartbeatMs() + " ms)");
        }
        if (config.electionTimeoutMaxMs() <= config.electionTimeoutMinMs()) {
            throw new StartupException("election timeout maximum ("
                    + config.electionTimeoutMaxMs() + " ms) must exceed the minimum ("
                    + config.electionTimeoutMinMs() + " ms)");
        }
    }

    /**
     * The listeners must make sense together, and peers must be told the port that serves
     * them: this node's own entry in the members is that port.
     */
    private static void checkListeners(NodeConfig config) throws StartupException {
        Listeners listeners = config.listeners();
        Optional<String> problem = listeners.problem();
        if (problem.isPresent()) {
            throw new StartupException(problem.get());
        }
        if (!listeners.member().equals(config.listen())) {
            throw new StartupException("node " + config.id() + "'s member address is "
                    + config.listen() + " but it serves peers on " + listeners.member()
                    + (listeners.peer() != null ? " (--listen-peer)" : " (--listen)")
                    + ": peers must list the port that serves them");
        }
    }

    /** Subjects are checked in certificates that only the clients' CA can vouch for. */
    private static void checkAdminSubjects(NodeConfig config) throws StartupException {
        if (!config.adminSubjects().isEmpty()
                && (config.tls() == null || config.tls().clientCa() == null)) {
            throw new StartupException("--admin-subjects needs --tls-ca, the CA that signs the"
                    + " client certificates whose subjects it lists");
        }
    }

    /** Fails unless the listen host resolves. */
    static void checkListenAddress(NodeAddress listen) throws StartupException {
        if (new InetSocketAddress(listen.host(), listen.port()).isUnresolved()) {
            throw new StartupException("cannot listen on " + listen + ": unknown host '"
                    + listen.host() + "'");
        }
    }

    /** The core's configuration: the same timing in ticks. */
    static RaftConfig raftConfig(NodeConfig config) throws StartupException {
        int tick = config.tickMs();
        try {
            return new RaftConfig(config.id(), config.members().keySet(),
                    config.electionTimeoutMinMs() / tick, config.electionTimeoutMaxMs() / tick,
                    config.heartbeatMs() / tick, RaftConfig.DEFAULT_MAX_ENTRIES_PER_APPEND,
                    RaftConfig.DEFAULT_MAX_BYTES_PER_APPEND, true, true);
        } catch (IllegalArgumentException e) {
            throw new StartupException("with a " + tick + " ms tick: " + e.getMessage());
        }
    }
}
