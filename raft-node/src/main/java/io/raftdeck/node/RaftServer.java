package io.raftdeck.node;

import io.grpc.BindableService;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.raftdeck.access.AdminAccess;
import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Snapshot;
import io.raftdeck.metrics.MetricsServer;
import io.raftdeck.events.EventHub;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.service.AdminServiceImpl;
import io.raftdeck.service.ClientCallLimit;
import io.raftdeck.service.ClientServiceImpl;
import io.raftdeck.service.FatalErrorInterceptor;
import io.raftdeck.service.Forwarding;
import io.raftdeck.service.LeaderRouter;
import io.raftdeck.service.MalformedRequests;
import io.raftdeck.service.NodeHealth;
import io.raftdeck.service.PeerServiceImpl;
import io.raftdeck.service.RequestIdentities;
import io.raftdeck.service.SeedRaftService;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.tls.CertificateReload;
import io.raftdeck.tls.ClientCertificateCheck;
import io.raftdeck.tls.NodeTlsCredentials;
import io.raftdeck.tls.PeerCertificateCheck;
import io.raftdeck.tls.TlsFileException;
import io.raftdeck.transport.LinkFilter;
import io.raftdeck.transport.IdentityRefusals;
import io.raftdeck.transport.IncarnationCheck;
import io.raftdeck.transport.IncarnationGossip;
import io.raftdeck.transport.PeerAuthentication;
import io.raftdeck.transport.PeerIdentity;
import io.raftdeck.transport.PeerChannels;
import io.raftdeck.transport.PeerMessageReceiver;
import io.raftdeck.transport.PeerTransport;
import io.raftdeck.transport.TransportThreads;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One running node: its event loop, storage, transport and gRPC servers on its ports
 * ({@link Listeners}: one by default) that serve raftdeck.v1 (peer, client, admin) and the
 * seed-compatible raft.RaftService.
 */
public final class RaftServer implements AutoCloseable {

    /** How long a write may take to commit before the client hears DEADLINE_EXCEEDED. */
    public static final long COMMIT_TIMEOUT_MS = 5_000;
    /** Room beyond one command in a peer's append batch (headers, many small entries). */
    static final int MESSAGE_SLACK_BYTES = 256 * 1024;
    private static final long SHUTDOWN_WAIT_MS = 2_000;
    /** How often the gRPC health status follows the node's: a probe sees a change this late. */
    private static final long HEALTH_UPDATE_MS = 100;
    private static final System.Logger LOGGER = System.getLogger(RaftServer.class.getName());

    private final NodeConfig config;
    /** The node's TLS, or null when it serves and dials plaintext. */
    private final NodeTlsCredentials tls;
    private final NodeStorage storage;
    private final LinkFilter links = new LinkFilter();
    private final IdentityRefusals refusals = new IdentityRefusals();
    private final IncarnationGossip gossip;
    private final PeerChannels channels;
    private final PeerChannels forwardChannels;
    private final PeerTransport transport;
    private final ScheduledThreadPoolExecutor serviceExecutor;
    private final RaftNode node;
    private final TransportThreads transportThreads;
    /** One per port, in {@link Listeners#ports()}' order. */
    private final List<Server> servers;
    private final NodeHealth health = new NodeHealth();
    private final JvmPauseMonitor pauses;
    /** The --metrics-listen listener, once started; closed with the node. */
    private volatile MetricsServer metrics;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Completed with the reason when the node stops on a failure; never by close(). */
    private final CompletableFuture<String> failed = new CompletableFuture<>();

    private RaftServer(NodeConfig config, NodeTlsCredentials tls, RaftCore core,
                       KeyValueStore stateMachine, NodeStorage storage) {
        this.config = config;
        this.tls = tls;
        this.storage = storage;
        int maxMessageBytes = maxMessageBytes(config);
        this.transportThreads = new TransportThreads(config.id());
        // failStop reaches the node only once it exists, which is before any peer is heard.
        this.gossip = new IncarnationGossip(config.id(), config.members().keySet(),
                storage.peerIncarnations(), this::failStop);
        this.channels = new PeerChannels(peerTargets(config), maxMessageBytes,
                transportThreads, config.peerSecret(),
                new PeerIdentity(config.id(), storage.incarnation()),
                peer -> tls == null ? null : tls.peerCredentials(peer));
        // Forwarded client requests get connections of their own: a flood of them abandoned
        // at their deadlines resets streams by the hundred, and the leader's guard against
        // rapid resets closes the connection that carries them (ConnectionBounds), which
        // must not be the one carrying the Raft messages.
        this.forwardChannels = new PeerChannels(peerTargets(config), maxMessageBytes,
                transportThreads, config.peerSecret(),
                new PeerIdentity(config.id(), storage.incarnation()),
                peer -> tls == null ? null : tls.peerCredentials(peer));
        this.transport = new PeerTransport(config.id(), config.members().keySet(), channels,
                links, PeerTransport.DEFAULT_QUEUE_CAPACITY, this::peerLost, refusals, gossip);
        this.serviceExecutor = serviceExecutor(config.id());
        this.node = new RaftNode(core, storage.storage(), stateMachine,
                storage.recovered().snapshot(), config.snapshotThresholdEntries(),
                transport::send, links, config.tickMs(), RaftNode.DEFAULT_INBOX_CAPACITY,
                this::stopSending, config.quotaBytes());
        this.pauses = new JvmPauseMonitor("node " + config.id(), config.heartbeatMs(),
                JvmPauseMonitor.PauseClock.SYSTEM);
        this.servers = buildServers(maxMessageBytes);
    }

    /** A transport thread saw an established stream to {@code peer} break. */
    private void peerLost(int peer) {
        RaftNode current = node; // null only while this server is being built
        if (current != null) {
            current.peerUnreachable(peer);
        }
    }

    /**
     * Validates the configuration, recovers storage, binds the port and starts the node.
     *
     * @throws StartupException with a one-line message when the node cannot start
     */
    public static RaftServer start(NodeConfig config) throws StartupException {
        StartupChecks.check(config);
        RaftConfig raftConfig = StartupChecks.raftConfig(config);
        for (NodeAddress port : config.listeners().ports().keySet()) {
            StartupChecks.checkListenAddress(port);
        }
        NodeTlsCredentials tls = loadTls(config);
        NodeStorage storage;
        try {
            storage = NodeStorage.open(config);
        } catch (StartupException | RuntimeException e) {
            closeTls(tls);
            throw e;
        }
        RaftCore core;
        KeyValueStore stateMachine = new KeyValueStore();
        try {
            RecoveredState recovered = storage.recovered();
            Snapshot snapshot = recovered.snapshot();
            if (!snapshot.isNone()) {
                stateMachine.restore(snapshot.data(), snapshot.index());
            }
            core = new RaftCore(raftConfig, new Random(config.randomSeed()),
                    recovered.hardState(), snapshot.index(), snapshot.term(),
                    recovered.entries());
        } catch (IllegalArgumentException e) {
            storage.close(); // the recovered state does not fit this configuration
            closeTls(tls);
            throw new StartupException("cannot start node " + config.id() + " on the data in "
                    + config.dataDir() + ": " + e.getMessage(), e);
        }
        RaftServer raftServer = new RaftServer(config, tls, core, stateMachine, storage);
        raftServer.bind();
        ListenExposure.warning(config).ifPresent(warning -> LOGGER.log(Level.WARNING, warning));
        raftServer.channels.connectAll();
        // Under TLS as a member would dial it (with client-cert-auth, status wants a certificate).
        TransportWarmup.warmUp(config.listeners().clients(), raftServer.selfCredentials());
        raftServer.node.start();
        raftServer.pauses.start();
        raftServer.serviceExecutor.scheduleWithFixedDelay(
                () -> raftServer.health.update(raftServer.node.snapshot()),
                0, HEALTH_UPDATE_MS, TimeUnit.MILLISECONDS);
        LOGGER.log(Level.INFO, "node " + config.id() + " serving on " + config.listeners());
        return raftServer;
    }

    /**
     * Checks the TLS flags together and loads every TLS file, before the data directory is
     * claimed: a wrong file is a one-line error naming flag and file.
     */
    private static NodeTlsCredentials loadTls(NodeConfig config) throws StartupException {
        if (config.tls() == null) {
            return null;
        }
        Optional<String> problem = config.tls().problem();
        if (problem.isPresent()) {
            throw new StartupException(problem.get());
        }
        try {
            return NodeTlsCredentials.load(config.id(), config.tls(),
                    CertificateReload.DEFAULT_PERIOD_MS);
        } catch (TlsFileException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static void closeTls(NodeTlsCredentials tls) {
        if (tls != null) {
            tls.close();
        }
    }

    public int id() {
        return config.id();
    }

    /** The member address: where peers dial this node. */
    public NodeAddress address() {
        return config.listen();
    }

    /** Where clients, operators and probes call this node. */
    public NodeAddress clientAddress() {
        return config.listeners().clients();
    }

    public NodeConfig config() {
        return config;
    }

    /** The node's state at the end of its latest event-loop turn; never waits. */
    public NodeSnapshot snapshot() {
        return node.snapshot();
    }

    /**
     * Serves {@code /metrics}, {@code /livez} and {@code /readyz} on {@code listen} until the
     * node closes ({@link MetricsServer}); at most once per node.
     *
     * @throws StartupException with one line when the address cannot be bound
     */
    public synchronized MetricsServer serveMetrics(NodeAddress listen) throws StartupException {
        if (metrics != null) {
            throw new IllegalStateException("node " + config.id() + " already serves metrics");
        }
        Set<Integer> peers = new TreeSet<>(config.members().keySet());
        peers.remove(config.id());
        // /readyz reads through the port clients use, shown as a member would show itself:
        // under --client-cert-auth a call without a certificate is refused, and with
        // --listen-peer the member address serves no client calls.
        metrics = MetricsServer.start(listen, node, config.listeners().clients(),
                selfCredentials(), peers, channels, links, pauses);
        return metrics;
    }

    /** How this node dials its own client port: as a member would, or plaintext. */
    private ChannelCredentials selfCredentials() {
        return tls == null ? InsecureChannelCredentials.create() : tls.peerCredentials(config.id());
    }

    /** What the node's loop counts beside its status: its metrics' source. */
    public NodeCounters counters() {
        return node.counters();
    }

    /** Why the node stopped on an error (a failed fsync, ...), if it did. */
    public Optional<String> failure() {
        return node.failure();
    }

    /**
     * Stops the node for good from any thread (fail-stop): it keeps answering status, as
     * STOPPED with {@code reason}, and nothing else, until it is closed. For an error that
     * leaves this node unable to keep its promises, seen outside its own threads.
     */
    public void failStop(String reason) {
        node.failStop(reason);
    }

    /**
     * Runs {@code listener} once, with the reason, when the node stops on a failure (at once
     * if it already has); never when it is closed. It runs on the thread that saw the failure
     * and must not block.
     */
    public void whenFailed(Consumer<String> listener) {
        failed.thenAccept(listener);
    }

    /** Waits until the node stops: closed, or failed on an error. */
    public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        return node.awaitStopped(timeout, unit);
    }

    /** The node's events, as WatchEvents streams them. */
    public EventHub events() {
        return node.events();
    }

    /** Stops serving and releases the port and storage. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        health.closing();
        MetricsServer listener = metrics;
        if (listener != null) {
            listener.close();
        }
        pauses.close();
        servers.forEach(Server::shutdown);
        node.close();
        transport.close();
        serviceExecutor.shutdownNow();
        servers.forEach(Server::shutdownNow);
        try {
            for (Server server : servers) {
                server.awaitTermination(SHUTDOWN_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channels.close();
        forwardChannels.close();
        transportThreads.close();
        storage.close();
        closeTls(tls);
    }

    private void bind() throws StartupException {
        List<NodeAddress> ports = List.copyOf(config.listeners().ports().keySet());
        for (int i = 0; i < servers.size(); i++) {
            try {
                servers.get(i).start();
            } catch (IOException e) {
                servers.subList(0, i).forEach(Server::shutdownNow);
                closeAfterFailedStart();
                throw bindFailure(ports.get(i), e);
            }
        }
    }

    /** Netty's native transport reports bind errors as its own IOException, not BindException. */
    private static StartupException bindFailure(NodeAddress port, IOException e) {
        String reason = e.getMessage();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("already in use")) {
                return new StartupException("port " + port.port()
                        + " is already in use", e);
            }
            if (cause instanceof BindException) {
                reason = message;
            }
        }
        return new StartupException("cannot listen on " + port + ": " + reason, e);
    }

    private void closeAfterFailedStart() {
        closed.set(true);
        pauses.close();
        node.close();
        transport.close();
        serviceExecutor.shutdownNow();
        channels.close();
        forwardChannels.close();
        transportThreads.close();
        storage.close();
        closeTls(tls);
    }

    /**
     * After a storage failure nothing may leave this node: its promises are void. The server
     * stays up, so that status still answers (STOPPED, and why) until whoever runs the node
     * closes it: the {@code raftdeck node} process exits, an in-process cluster keeps it.
     */
    private void stopSending(String reason) {
        transport.close();
        failed.complete(reason);
    }

    private List<Server> buildServers(int maxMessageBytes) {
        long noLeaderWaitMs = 2L * config.electionTimeoutMaxMs();
        long retryDelayMs = Math.max(config.tickMs(), config.heartbeatMs() / 2);
        LeaderRouter router = new LeaderRouter(node, forwardChannels, links, serviceExecutor,
                COMMIT_TIMEOUT_MS, noLeaderWaitMs, retryDelayMs);
        PeerMessageReceiver receiver = new PeerMessageReceiver(config.id(),
                config.members().keySet(), links, node::deliver);
        // One identity space per node and run, shared by both client services.
        RequestIdentities identities = RequestIdentities.random();
        ClientCallLimit clientCalls = new ClientCallLimit(config.id(),
                ClientCallLimit.DEFAULT_MAX_CALLS);
        ServerServiceDefinition peerService = null;
        List<ServerServiceDefinition> clientServices = new ArrayList<>();
        for (BindableService service : new BindableService[] {
                new PeerServiceImpl(receiver, gossip),
                new ClientServiceImpl(node, router, config.maxCommandBytes(), identities),
                new AdminServiceImpl(node, config.listen().toString(), config.members().keySet(),
                        links, config.allowFaults(), config.electionTimeoutMaxMs(),
                        storage.incarnation(), refusals, pauses::pauses),
                new SeedRaftService(node, router, config.maxCommandBytes(), identities,
                        serviceExecutor, COMMIT_TIMEOUT_MS)}) {
            ServerServiceDefinition definition = MalformedRequests.rejected(service.bindService());
            if (service instanceof AdminServiceImpl) {
                definition = ServerInterceptors.intercept(definition, new AdminAccess(
                        config.id(), config.allowFaults(), config.adminSubjects(),
                        call -> tls == null ? Optional.empty() : tls.clientCertificate(call),
                        AdminAccess::isLoopback));
            }
            if (service instanceof PeerServiceImpl) {
                definition = ServerInterceptors.intercept(definition, new IncarnationCheck(
                        config.id(), config.members().keySet(), storage.peerIncarnations(),
                        refusals, node::failStop));
            }
            if (service instanceof ClientServiceImpl || service instanceof SeedRaftService) {
                definition = ServerInterceptors.intercept(definition, clientCalls);
            }
            if (service instanceof PeerServiceImpl && config.peerSecret() != null) {
                // Intercepted last, so checked first: a stranger's call is refused before it
                // can make this node record an incarnation.
                definition = ServerInterceptors.intercept(definition,
                        new PeerAuthentication(config.id(), config.peerSecret()));
            }
            if (service instanceof PeerServiceImpl && tls != null && tls.peerTls()) {
                // Checked before the incarnation too: only the member a certificate names
                // may get its incarnation recorded.
                definition = ServerInterceptors.intercept(definition,
                        new PeerCertificateCheck(config.id(), tls, refusals));
            }
            if (!(service instanceof PeerServiceImpl) && tls != null && tls.clientCertAuth()) {
                definition = ServerInterceptors.intercept(definition,
                        new ClientCertificateCheck(config.id(), tls));
            }
            definition = ServerInterceptors.intercept(definition,
                    Forwarding.serverInterceptor(memberProof()));
            if (service instanceof PeerServiceImpl) {
                peerService = definition;
            } else {
                clientServices.add(definition);
            }
        }
        List<Server> built = new ArrayList<>();
        for (Map.Entry<NodeAddress, Set<Listeners.Traffic>> port
                : config.listeners().ports().entrySet()) {
            NettyServerBuilder builder = serverBuilder(port.getKey(), maxMessageBytes);
            Set<Listeners.Traffic> traffic = port.getValue();
            if (traffic.contains(Listeners.Traffic.PEER)) {
                builder.addService(peerService);
            }
            if (traffic.contains(Listeners.Traffic.CLIENT)) {
                clientServices.forEach(builder::addService);
                builder.addService(health.service());
                builder.addService(ProtoReflectionServiceV1.newInstance());
            } else {
                // Members forward client requests to their leader's member address.
                for (ServerServiceDefinition service : clientServices) {
                    if (!service.getServiceDescriptor().getName()
                            .equals(AdminServiceGrpc.SERVICE_NAME)) {
                        builder.addService(ServerInterceptors.intercept(service,
                                Forwarding.forwardedOnly(memberProof(), "node " + config.id()
                                        + " serves only peers on " + port.getKey()
                                        + " (--listen-peer); clients call it on "
                                        + config.listeners().clients() + " (--listen-client)")));
                    }
                }
            }
            built.add(builder.build());
        }
        return built;
    }

    /** One port's server: every port gets the same TLS, connection bounds and interceptor. */
    private NettyServerBuilder serverBuilder(NodeAddress port, int maxMessageBytes) {
        InetSocketAddress address = new InetSocketAddress(port.host(), port.port());
        return ConnectionBounds.applied(transportThreads.serve(
                        tls == null ? NettyServerBuilder.forAddress(address)
                                : NettyServerBuilder.forAddress(address, tls.serverCredentials()),
                        config.id(), config.maxConnections(),
                        TimeUnit.SECONDS.toMillis(ConnectionBounds.HANDSHAKE_TIMEOUT_SECONDS)))
                .maxInboundMessageSize(maxMessageBytes)
                // Every handler only hands work to the node's loop or completes a future, never
                // blocks: running them on the transport thread saves a thread hop per request
                // and per peer message.
                .directExecutor()
                .intercept(new FatalErrorInterceptor(node::failStop));
    }

    /** What shows that a call comes from a member: its secret, under peer TLS its certificate. */
    private Forwarding.MemberProof memberProof() {
        Forwarding.MemberProof secret = Forwarding.MemberProof.secret(config.peerSecret());
        if (tls == null || !tls.peerTls()) {
            return secret;
        }
        return secret.and((call, headers) -> tls.memberChain(call).isPresent());
    }

    /** Largest message accepted: one full append batch plus one maximal command. */
    private static int maxMessageBytes(NodeConfig config) {
        return (int) Math.min(Integer.MAX_VALUE, (long) config.maxCommandBytes()
                + RaftConfig.DEFAULT_MAX_BYTES_PER_APPEND + MESSAGE_SLACK_BYTES);
    }

    private static Map<Integer, InetSocketAddress> peerTargets(NodeConfig config) {
        Map<Integer, InetSocketAddress> targets = new TreeMap<>();
        config.members().forEach((id, address) -> {
            if (id != config.id()) {
                targets.put(id, InetSocketAddress.createUnresolved(address.host(),
                        address.port()));
            }
        });
        return targets;
    }

    private static ScheduledThreadPoolExecutor serviceExecutor(int id) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "raft-service-" + id);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        // Once the server closes, late completions are dropped rather than thrown at whoever
        // completed the future (possibly the node's loop).
        executor.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
        return executor;
    }
}
