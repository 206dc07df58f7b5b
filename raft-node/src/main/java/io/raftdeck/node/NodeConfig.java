package io.raftdeck.node;

import io.raftdeck.access.AdminSubjects;
import io.raftdeck.statemachine.StoreQuota;
import io.raftdeck.storage.WriteAheadLog;
import io.raftdeck.tls.NodeTls;
import io.raftdeck.transport.PeerSecret;
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
 * @param snapshotThresholdEntries applied entries past the last snapshot after which the node
 *                             snapshots its state machine and compacts its log
 * @param walSegmentBytes      size after which the WAL starts a new segment file; compaction
 *                             deletes whole segments, so this bounds the log's disk use too
 * @param peerSecret           the secret every member shows on peer calls, or null for none
 *                             (anyone who reaches the port may then speak as a peer)
 * @param maxConnections       connections the server holds open at most; more are closed as
 *                             they are accepted
 * @param quotaBytes           the bound on the key/value store's size this node proposes for
 *                             the cluster while it leads ({@code statemachine.StoreQuota})
 * @param tls                  the node's TLS files, or null to serve and dial plaintext
 * @param listeners            the ports it serves on; null for one port at its member address
 * @param adminSubjects        the client certificate subjects that may make admin calls from
 *                             beyond loopback
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
        long randomSeed,
        int snapshotThresholdEntries,
        long walSegmentBytes,
        PeerSecret peerSecret,
        int maxConnections,
        long quotaBytes,
        NodeTls tls,
        Listeners listeners,
        AdminSubjects adminSubjects) {

    public static final int DEFAULT_TICK_MS = 10;
    public static final int DEFAULT_HEARTBEAT_MS = 50;
    public static final int DEFAULT_ELECTION_TIMEOUT_MIN_MS = 150;
    public static final int DEFAULT_ELECTION_TIMEOUT_MAX_MS = 300;
    public static final int DEFAULT_MAX_COMMAND_BYTES = 1 << 20;
    public static final int DEFAULT_SNAPSHOT_THRESHOLD_ENTRIES = 10_000;
    public static final long DEFAULT_WAL_SEGMENT_BYTES = WriteAheadLog.DEFAULT_SEGMENT_BYTES;
    /**
     * Far more than a cluster's peers and clients need (a benchmark's 256 clients share one
     * connection), far fewer than the 20,000 descriptors a process gets here.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;

    public static final long DEFAULT_QUOTA_BYTES = StoreQuota.DEFAULT_QUOTA_BYTES;

    public NodeConfig {
        members = new TreeMap<>(members);
        if (listeners == null) {
            listeners = Listeners.single(members.get(id));
        }
        if (adminSubjects == null) {
            adminSubjects = AdminSubjects.none();
        }
    }

    /** One port, no admin subjects. */
    public NodeConfig(int id, SortedMap<Integer, NodeAddress> members, Path dataDir, int tickMs,
                      int heartbeatMs, int electionTimeoutMinMs, int electionTimeoutMaxMs,
                      boolean allowFaults, int maxCommandBytes, long randomSeed,
                      int snapshotThresholdEntries, long walSegmentBytes, PeerSecret peerSecret,
                      int maxConnections, long quotaBytes, NodeTls tls) {
        this(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed,
                snapshotThresholdEntries, walSegmentBytes, peerSecret, maxConnections,
                quotaBytes, tls, null, null);
    }

    /** With the default quota, plaintext. */
    public NodeConfig(int id, SortedMap<Integer, NodeAddress> members, Path dataDir, int tickMs,
                      int heartbeatMs, int electionTimeoutMinMs, int electionTimeoutMaxMs,
                      boolean allowFaults, int maxCommandBytes, long randomSeed,
                      int snapshotThresholdEntries, long walSegmentBytes, PeerSecret peerSecret,
                      int maxConnections) {
        this(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed,
                snapshotThresholdEntries, walSegmentBytes, peerSecret, maxConnections,
                DEFAULT_QUOTA_BYTES, null);
    }

    /** The default snapshot threshold and WAL segment size. */
    public NodeConfig(int id, SortedMap<Integer, NodeAddress> members, Path dataDir, int tickMs,
                      int heartbeatMs, int electionTimeoutMinMs, int electionTimeoutMaxMs,
                      boolean allowFaults, int maxCommandBytes, long randomSeed) {
        this(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed,
                DEFAULT_SNAPSHOT_THRESHOLD_ENTRIES, DEFAULT_WAL_SEGMENT_BYTES);
    }

    /** Without a peer secret, with the default connection limit. */
    public NodeConfig(int id, SortedMap<Integer, NodeAddress> members, Path dataDir, int tickMs,
                      int heartbeatMs, int electionTimeoutMinMs, int electionTimeoutMaxMs,
                      boolean allowFaults, int maxCommandBytes, long randomSeed,
                      int snapshotThresholdEntries, long walSegmentBytes) {
        this(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed,
                snapshotThresholdEntries, walSegmentBytes, null, DEFAULT_MAX_CONNECTIONS);
    }

    /** This configuration with another snapshot threshold and WAL segment size. */
    public NodeConfig withCompaction(int thresholdEntries, long segmentBytes) {
        return new NodeConfig(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed, thresholdEntries,
                segmentBytes, peerSecret, maxConnections, quotaBytes, tls, listeners,
                adminSubjects);
    }

    /** This configuration with {@code secret} shown on, and required of, peer calls. */
    public NodeConfig withPeerSecret(PeerSecret secret) {
        return new NodeConfig(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed,
                snapshotThresholdEntries, walSegmentBytes, secret, maxConnections, quotaBytes,
                tls, listeners, adminSubjects);
    }

    /** This configuration with another connection limit. */
    public NodeConfig withMaxConnections(int connections) {
        return new NodeConfig(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed,
                snapshotThresholdEntries, walSegmentBytes, peerSecret, connections, quotaBytes,
                tls, listeners, adminSubjects);
    }

    /** This configuration with another quota on the key/value store's size. */
    public NodeConfig withQuotaBytes(long bytes) {
        return new NodeConfig(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed,
                snapshotThresholdEntries, walSegmentBytes, peerSecret, maxConnections, bytes,
                tls, listeners, adminSubjects);
    }

    /** This configuration serving and dialing with {@code files}' TLS; null for plaintext. */
    public NodeConfig withTls(NodeTls files) {
        return new NodeConfig(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed,
                snapshotThresholdEntries, walSegmentBytes, peerSecret, maxConnections,
                quotaBytes, files, listeners, adminSubjects);
    }

    /**
     * This configuration serving on {@code ports}; its member address (in {@code members})
     * must be the port that serves peers, {@link Listeners#member()}.
     */
    public NodeConfig withListeners(Listeners ports) {
        return new NodeConfig(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed,
                snapshotThresholdEntries, walSegmentBytes, peerSecret, maxConnections,
                quotaBytes, tls, ports, adminSubjects);
    }

    /** This configuration letting {@code subjects}' certificates make admin calls. */
    public NodeConfig withAdminSubjects(AdminSubjects subjects) {
        return new NodeConfig(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed,
                snapshotThresholdEntries, walSegmentBytes, peerSecret, maxConnections,
                quotaBytes, tls, listeners, subjects);
    }

    /** Defaults for everything but identity, membership and storage. */
    public static NodeConfig of(int id, Map<Integer, NodeAddress> members, Path dataDir) {
        return new NodeConfig(id, new TreeMap<>(members), dataDir, DEFAULT_TICK_MS,
                DEFAULT_HEARTBEAT_MS, DEFAULT_ELECTION_TIMEOUT_MIN_MS,
                DEFAULT_ELECTION_TIMEOUT_MAX_MS, false, DEFAULT_MAX_COMMAND_BYTES,
                System.nanoTime() ^ id);
    }

    /** The member address: where peers dial this node, the port serving peers. */
    public NodeAddress listen() {
        return members.get(id);
    }
}
