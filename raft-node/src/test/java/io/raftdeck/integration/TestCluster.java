package io.raftdeck.integration;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.raftdeck.core.Role;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.NodeSnapshot;
import io.raftdeck.node.RaftServer;
import io.raftdeck.node.StartupException;
import io.raftdeck.proto.seed.GetLogRequest;
import io.raftdeck.proto.seed.LogEntry;
import io.raftdeck.proto.seed.RaftServiceGrpc;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A cluster of real {@link RaftServer}s on loopback, each with its own WAL under one directory,
 * for integration tests here and in other modules (published in the test-jar). Ports are found
 * by binding port 0. Waiting is always on a condition with a deadline, never a sleep.
 */
public final class TestCluster implements AutoCloseable {

    /** Generous: two cores shared with other builds can slow elections a lot. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final SortedMap<Integer, NodeConfig> configs;
    private final SortedMap<Integer, RaftServer> running = new TreeMap<>();
    private final Map<Integer, ManagedChannel> channels = new TreeMap<>();
    private ChannelCredentials clientCredentials = InsecureChannelCredentials.create();

    private TestCluster(SortedMap<Integer, NodeConfig> configs) {
        this.configs = configs;
    }

    /** Starts {@code size} nodes with ids 1..size and default timing, faults allowed. */
    public static TestCluster start(int size, Path dataRoot) throws IOException, StartupException {
        return start(size, dataRoot, UnaryOperator.identity());
    }

    /**
     * Starts {@code size} nodes; {@code customize} may change each node's configuration (its
     * members and data dir are already set).
     */
    public static TestCluster start(int size, Path dataRoot, UnaryOperator<NodeConfig> customize)
            throws IOException, StartupException {
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        List<Integer> ports = freePorts(size);
        for (int id = 1; id <= size; id++) {
            members.put(id, new NodeAddress("127.0.0.1", ports.get(id - 1)));
        }
        SortedMap<Integer, NodeConfig> configs = new TreeMap<>();
        for (int id = 1; id <= size; id++) {
            NodeConfig defaults = NodeConfig.of(id, members, dataRoot.resolve("node-" + id));
            configs.put(id, customize.apply(withFaultsAllowed(defaults, 1000L * id)));
        }
        TestCluster cluster = new TestCluster(configs);
        try {
            for (int id : configs.keySet()) {
                cluster.restart(id);
            }
        } catch (StartupException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static NodeConfig withFaultsAllowed(NodeConfig config, long seed) {
        return new NodeConfig(config.id(), config.members(), config.dataDir(), config.tickMs(),
                config.heartbeatMs(), config.electionTimeoutMinMs(),
                config.electionTimeoutMaxMs(), true, config.maxCommandBytes(), seed);
    }

    /** Ports free right now on 127.0.0.1, all distinct: see {@link FreePorts}. */
    public static List<Integer> freePorts(int count) throws IOException {
        return FreePorts.distinct(count);
    }

    public List<Integer> ids() {
        return List.copyOf(configs.keySet());
    }

    public NodeConfig config(int id) {
        return configs.get(id);
    }

    public boolean isRunning(int id) {
        return running.containsKey(id);
    }

    /** The running server of node {@code id}; fails if it is not running. */
    public RaftServer node(int id) {
        RaftServer server = running.get(id);
        if (server == null) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        return server;
    }

    public List<Integer> runningIds() {
        return List.copyOf(running.keySet());
    }

    /** Stops node {@code id} as a crash would, as far as its peers can tell. */
    public void kill(int id) {
        ManagedChannel channel = channels.remove(id);
        if (channel != null) {
            channel.shutdownNow(); // its reconnect backoff would outlast a quick restart
        }
        RaftServer server = running.remove(id);
        if (server != null) {
            server.close();
        }
    }

    /** Starts node {@code id} again (or for the first time) from its data dir. */
    public RaftServer restart(int id) throws StartupException {
        if (running.containsKey(id)) {
            throw new IllegalStateException("node " + id + " is already running");
        }
        RaftServer server = RaftServer.start(configs.get(id));
        running.put(id, server);
        return server;
    }

    /**
     * The leader every running node agrees on, if any, right now. A node that stopped on a
     * failure is left out: it serves status only, and its last role says nothing.
     */
    public Optional<Integer> agreedLeader() {
        Integer leader = null;
        long leaderTerm = -1;
        List<RaftServer> serving = running.values().stream()
                .filter(server -> server.failure().isEmpty()).toList();
        for (RaftServer server : serving) {
            NodeSnapshot snapshot = server.snapshot();
            if (snapshot.raft().role() == Role.LEADER) {
                if (leader != null) {
                    return Optional.empty();
                }
                leader = server.id();
                leaderTerm = snapshot.raft().term();
            }
        }
        if (leader == null) {
            return Optional.empty();
        }
        for (RaftServer server : serving) {
            NodeSnapshot snapshot = server.snapshot();
            if (snapshot.raft().leaderId() != leader || snapshot.raft().term() != leaderTerm) {
                return Optional.empty();
            }
        }
        return Optional.of(leader);
    }

    /** Waits until every running node agrees on one leader; returns its id. */
    public int awaitLeader(Duration timeout) {
        await("one leader all running nodes agree on", timeout,
                () -> agreedLeader().isPresent());
        return agreedLeader().orElseThrow();
    }

    public int awaitLeader() {
        return awaitLeader(DEFAULT_WAIT);
    }

    /** Waits until {@code condition} holds; throws AssertionError naming {@code what}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        await(what, timeout, Duration.ofNanos(POLL_NANOS), condition);
    }

    /**
     * Waits until {@code condition} holds, checking every {@code interval} (a condition that
     * asks a server over the network need not ask every 5 ms); throws AssertionError naming
     * {@code what}.
     */
    public static void await(String what, Duration timeout, Duration interval,
                             BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis()
                        + " ms waiting for " + what);
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }

    /**
     * A client channel to node {@code id}, made once and closed with the cluster: at the port
     * that serves clients ({@code --listen-client} when the node has one).
     */
    public ManagedChannel channel(int id) {
        return channels.computeIfAbsent(id, key -> {
            NodeAddress clients = configs.get(key).listeners().clients();
            return NettyChannelBuilder.forAddress(clients.host(), clients.port(),
                    clientCredentials).build();
        });
    }

    /** Makes {@link #channel} (and the stubs) dial with {@code credentials}: TLS clusters. */
    public TestCluster dialingWith(ChannelCredentials credentials) {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
        clientCredentials = credentials;
        return this;
    }

    public RaftServiceGrpc.RaftServiceBlockingStub seed(int id) {
        return RaftServiceGrpc.newBlockingStub(channel(id))
                .withDeadlineAfter(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public ClientServiceGrpc.ClientServiceBlockingStub client(int id) {
        return ClientServiceGrpc.newBlockingStub(channel(id))
                .withDeadlineAfter(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    public AdminServiceGrpc.AdminServiceBlockingStub admin(int id) {
        return AdminServiceGrpc.newBlockingStub(channel(id))
                .withDeadlineAfter(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Node {@code id}'s whole log as the seed GetLog call returns it. */
    public List<LogEntry> seedLog(int id) {
        return seed(id).getLog(GetLogRequest.getDefaultInstance()).getEntriesList();
    }

    /** Waits until every running node returns the same log of at least {@code minLength}. */
    public List<LogEntry> awaitIdenticalLogs(long minLength, Duration timeout) {
        List<List<LogEntry>> logs = new ArrayList<>();
        await("identical logs of at least " + minLength + " entries on nodes " + runningIds(),
                timeout, () -> {
                    logs.clear();
                    for (int id : runningIds()) {
                        logs.add(seedLog(id));
                    }
                    return logs.get(0).size() >= minLength
                            && logs.stream().allMatch(log -> log.equals(logs.get(0)));
                });
        return logs.get(0);
    }

    @Override
    public void close() {
        for (ManagedChannel channel : channels.values()) {
            channel.shutdownNow();
        }
        channels.clear();
        for (int id : List.copyOf(running.keySet())) {
            kill(id);
        }
    }
}
