package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Message;
import io.raftdeck.core.Message.InstallSnapshot;
import io.raftdeck.core.ProposeResult;
import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.ReadIndexResult;
import io.raftdeck.core.ReadState;
import io.raftdeck.core.Ready;
import io.raftdeck.core.Role;
import io.raftdeck.core.Snapshot;
import io.raftdeck.core.TransferResult;
import io.raftdeck.node.LeaderProposals;
import io.raftdeck.node.ProposalException;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.statemachine.StampedCommand;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Several cores over a {@link SimNetwork}, in simulated time, with crash and restart from what
 * each persisted. Everything random comes from one seed, so a run replays exactly. Every tick
 * ends with the safety checks of {@link SafetyChecker}. With a snapshot threshold each node
 * snapshots its applied state and compacts its log the way a real node does, and leaders send
 * snapshots to followers that need compacted entries.
 */
final class SimCluster {

    /** How many recent events a failure report shows. */
    private static final int TRACE_LENGTH = 60;
    /** Callers of client requests that may wait on one node, as on a real one. */
    private static final int WAITING_CALLERS = 1024;

    final long seed;
    final Random random;
    final SimNetwork network;
    final SafetyChecker checker = new SafetyChecker();
    private final SimNode[] nodes;
    private final Set<Integer> members = new TreeSet<>();
    private final Deque<String> trace = new ArrayDeque<>();
    private final int maxEntriesPerAppend;
    /** Reads asked for and not answered yet: request id to the commit index when asked. */
    private final java.util.Map<Long, Long> readsInFlight = new java.util.HashMap<>();
    private long lastReadId;
    long readsCompleted;
    private final boolean preVoteAndCheckQuorum;
    /** Applied entries past the last snapshot that make a node take a new one; 0: never. */
    private int snapshotThresholdEntries;
    long snapshotsTaken;
    long snapshotsInstalled;
    private double crashMidReadyChance;
    long crashesMidReady;
    /** Sees every read a node answers (node id, read), after the built-in check. */
    private BiConsumer<Integer, ReadState> readObserver = (node, read) -> { };
    /** Sees every message a node sends before the network does; null drops it. */
    private UnaryOperator<Message> interceptor = UnaryOperator.identity();
    long now;

    SimCluster(int size, long seed, SimNetwork.Faults faults) {
        this(size, seed, faults, 8);
    }

    /**
     * @param maxEntriesPerAppend small values replicate old entries apart from the new leader's
     *                            no-op, which exposes commit-rule mistakes (Figure 8)
     */
    SimCluster(int size, long seed, SimNetwork.Faults faults, int maxEntriesPerAppend) {
        this(size, seed, faults, maxEntriesPerAppend, false);
    }

    /**
     * @param preVoteAndCheckQuorum run the production extensions (thesis §9.6 and §6.2) instead
     *                              of the paper's bare algorithm
     */
    SimCluster(int size, long seed, SimNetwork.Faults faults, int maxEntriesPerAppend,
               boolean preVoteAndCheckQuorum) {
        this.seed = seed;
        this.maxEntriesPerAppend = maxEntriesPerAppend;
        this.preVoteAndCheckQuorum = preVoteAndCheckQuorum;
        this.random = new Random(seed);
        this.network = new SimNetwork(new Random(seed ^ 0x5DEECE66DL), faults);
        this.nodes = new SimNode[size + 1];
        for (int id = 1; id <= size; id++) {
            members.add(id);
        }
        for (int id = 1; id <= size; id++) {
            nodes[id] = new SimNode(id);
            start(nodes[id]);
        }
    }

    int size() {
        return nodes.length - 1;
    }

    Set<Integer> members() {
        return members;
    }

    SimNode node(int id) {
        return nodes[id];
    }

    /**
     * Makes a node crash with this chance between sending a leader's appends and persisting
     * the entries they carry (see {@link Ready#messagesBeforePersist()}).
     */
    void crashMidReady(double chance) {
        this.crashMidReadyChance = chance;
    }

    /** Makes every node snapshot and compact once this many entries applied past the last. */
    void snapshotEvery(int thresholdEntries) {
        this.snapshotThresholdEntries = thresholdEntries;
    }

    // ---------------------------------------------------------------- time

    /** One tick: deliver what is due, tick every live core, then check safety. */
    void tick() {
        now++;
        for (Message message : network.due(now)) {
            SimNode target = nodes[message.to()];
            if (target.isUp()) {
                target.core.step(message);
                process(target);
            }
        }
        for (int id = 1; id < nodes.length; id++) {
            SimNode node = nodes[id];
            if (node.isUp()) {
                node.core.tick();
                process(node);
            }
        }
        checkRoles();
    }

    void runTicks(int ticks) {
        for (int i = 0; i < ticks; i++) {
            tick();
        }
    }

    /** Ticks until {@code condition} holds; false if it did not within {@code maxTicks}. */
    boolean runUntil(BooleanSupplier condition, int maxTicks) {
        for (int i = 0; i < maxTicks; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            tick();
        }
        return condition.getAsBoolean();
    }

    // ---------------------------------------------------------------- the caller's side of Ready

    private void process(SimNode node) {
        RaftCore core = node.core;
        while (core.hasReady()) {
            Ready ready = core.ready();
            if (ready.snapshot() != null) {
                install(node, ready.snapshot());
            }
            List<Message> early = ready.messagesBeforePersist();
            send(node, early);
            if (crashMidReadyChance > 0 && !early.isEmpty() && hasWrite(ready)
                    && random.nextDouble() < crashMidReadyChance) {
                // The window the overlap opens: the leader's appends are out, its write is not.
                crash(node.id);
                crashesMidReady++;
                record("node " + node.id + " crashed after sending appends, before its write");
                return;
            }
            checker.beforePersist(node.id, node.disk, ready);
            persist(node.disk, ready);
            node.proposals.logReplaced(ready.entries());
            send(node, ready.messagesAfterPersist());
            for (Entry entry : ready.committedEntries()) {
                checker.onApply(node.id, node.lastAppliedIndex(), entry);
                node.applied.add(entry);
                node.proposals.applied(entry, node.store.apply(entry));
            }
            for (ReadState read : ready.readStates()) {
                checkRead(node, read);
                readObserver.accept(node.id, read);
            }
            core.advance(ready);
            maybeSnapshot(node);
        }
        node.proposals.settleLeadership();
    }

    private void send(SimNode node, List<Message> messages) {
        for (Message message : messages) {
            Message intercepted = interceptor.apply(withSnapshotData(node, message));
            if (intercepted != null) {
                network.send(intercepted, now);
            }
        }
    }

    private static boolean hasWrite(Ready ready) {
        return ready.hardState() != null || !ready.entries().isEmpty();
    }

    /** A snapshot from the leader: stored in place of the log, state restored from it. */
    private void install(SimNode node, Snapshot snapshot) {
        List<Entry> restored = SimStateMachine.restore(snapshot.data());
        checker.onInstall(node.id, snapshot, restored);
        node.disk.install(snapshot);
        node.applied.clear();
        node.applied.addAll(restored);
        // As a node restores its store from the snapshot's bytes (the simulated snapshot holds
        // the entries, so the store's own bytes are rebuilt from them first).
        node.store.restore(storeOf(restored).snapshot(), snapshot.index());
        node.proposals.snapshotInstalled(snapshot.index());
        node.snapshotsInstalled++;
        snapshotsInstalled++;
        record("node " + node.id + " installs snapshot " + snapshot.index() + "@"
                + snapshot.term());
    }

    /** As a node does: the core names the snapshot, the node attaches the bytes it saved. */
    private static Message withSnapshotData(SimNode node, Message message) {
        if (message instanceof InstallSnapshot install) {
            Snapshot saved = node.disk.snapshot;
            if (saved.index() != install.lastIncludedIndex()) {
                throw new IllegalStateException("node " + node.id + " offers snapshot "
                        + install.lastIncludedIndex() + " but saved " + saved);
            }
            return install.withData(saved.data());
        }
        return message;
    }

    /** Snapshots the applied state and compacts the log once it grew past the threshold. */
    private void maybeSnapshot(SimNode node) {
        long sinceSnapshot = node.lastAppliedIndex() - node.disk.snapshot.index();
        if (snapshotThresholdEntries <= 0 || sinceSnapshot < snapshotThresholdEntries) {
            return;
        }
        Entry last = node.applied.get(node.applied.size() - 1);
        Snapshot snapshot = new Snapshot(last.index(), last.term(),
                SimStateMachine.snapshot(node.applied));
        checker.onSnapshot(node.id, snapshot);
        node.disk.compact(snapshot);
        node.core.compact(snapshot.index());
        snapshotsTaken++;
    }

    private static void persist(SimDisk disk, Ready ready) {
        if (ready.hardState() != null) {
            disk.hardState = ready.hardState();
        }
        if (!ready.entries().isEmpty()) {
            long first = ready.entries().get(0).index();
            if (first <= disk.snapshot.index()) {
                throw new IllegalStateException("entry " + first + " rewrites the snapshot at "
                        + disk.snapshot.index());
            }
            while (disk.lastIndex() >= first) {
                disk.entries.remove(disk.entries.size() - 1);
            }
            disk.entries.addAll(ready.entries());
        }
    }

    private void checkRoles() {
        for (int id = 1; id < nodes.length; id++) {
            SimNode node = nodes[id];
            if (node.isUp() && node.core.role() == Role.LEADER) {
                long term = node.core.term();
                if (checker.observeLeader(id, term, node.core, node.disk.snapshot)) {
                    record("node " + id + " leads term " + term);
                }
            }
        }
    }

    // ---------------------------------------------------------------- faults

    /** Crashes node {@code id}; 0 (no such node, as from {@link #leader()}) is ignored. */
    void crash(int id) {
        if (id == 0) {
            return;
        }
        SimNode node = nodes[id];
        if (node.isUp()) {
            node.proposals.failAll(new ProposalException(ProposalException.Reason.STOPPED,
                    "node " + id + " crashed"));
            node.core = null;
            node.store = null;
            node.proposals = null;
            node.applied.clear();
            record("crash " + id);
            // A crashed process resets its connections: the peers' transports notice at once.
            for (int peer = 1; peer < nodes.length; peer++) {
                if (nodes[peer].isUp()) {
                    nodes[peer].core.peerUnreachable(id);
                    process(nodes[peer]);
                }
            }
        }
    }

    void restart(int id) {
        SimNode node = nodes[id];
        if (!node.isUp()) {
            node.restarts++;
            start(node);
            record("restart " + id);
        }
    }

    private void start(SimNode node) {
        RaftConfig config = new RaftConfig(node.id, members,
                RaftConfig.DEFAULT_ELECTION_TIMEOUT_MIN_TICKS,
                RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX_TICKS, RaftConfig.DEFAULT_HEARTBEAT_TICKS,
                maxEntriesPerAppend, 4096, preVoteAndCheckQuorum, preVoteAndCheckQuorum);
        Random coreRandom = new Random(seed * 1_000_003L + node.id * 7919L + node.restarts);
        Snapshot snapshot = node.disk.snapshot;
        node.applied.clear();
        if (!snapshot.isNone()) {
            // The state machine is rebuilt from the snapshot; the log replays what follows it.
            node.applied.addAll(SimStateMachine.restore(snapshot.data()));
        }
        node.core = new RaftCore(config, coreRandom, node.disk.hardState, snapshot.index(),
                snapshot.term(), new ArrayList<>(node.disk.entries));
        node.store = storeOf(node.applied);
        node.proposals = new LeaderProposals(node.core, node.store, WAITING_CALLERS);
    }

    /** A key/value store that applied {@code applied}, which starts at index 1. */
    private static KeyValueStore storeOf(List<Entry> applied) {
        KeyValueStore store = new KeyValueStore();
        applied.forEach(store::apply);
        return store;
    }

    /**
     * Scenario set-up: gives a crashed node this disk, as if it had persisted it, so a test can
     * build a chosen state (divergent logs, Figure 8) directly. Restart the node afterwards.
     */
    void replaceDisk(int id, HardState hardState, List<Entry> entries) {
        SimNode node = nodes[id];
        if (node.isUp()) {
            throw new IllegalStateException("crash node " + id + " before replacing its disk");
        }
        node.disk.hardState = hardState;
        node.disk.snapshot = Snapshot.NONE;
        node.disk.entries.clear();
        node.disk.entries.addAll(entries);
        record("disk of " + id + " replaced: " + hardState + ", " + entries.size() + " entries");
    }

    /**
     * Scenario hook: every message a node sends passes through {@code interceptor} on its way
     * to the network, to count messages or to drop (null) or alter one deterministically.
     */
    void interceptSends(UnaryOperator<Message> interceptor) {
        this.interceptor = interceptor;
    }

    void partition(Set<Integer> side) {
        network.partition(side, members);
        record("partition " + side + " | rest");
    }

    void isolate(int id) {
        partition(Set.of(id));
    }

    void healAll() {
        network.healAll();
        record("heal");
    }

    // ---------------------------------------------------------------- clients and queries

    /**
     * Asks node {@code id} for a linearizable read; returns whether it accepted. The read is
     * checked when it completes: it must see every entry committed anywhere before it began.
     */
    boolean read(int id) {
        return startRead(id) != 0;
    }

    /**
     * Client-model hook: {@link #read}, returning the read's request id (0 when refused) so a
     * caller that {@link #observeReads observes reads} can match the answer to its request.
     */
    long startRead(int id) {
        if (id == 0) {
            return 0;
        }
        SimNode node = nodes[id];
        if (!node.isUp()) {
            return 0;
        }
        long requestId = ++lastReadId;
        if (node.core.readIndex(requestId) != ReadIndexResult.PENDING) {
            return 0;
        }
        readsInFlight.put(requestId, highestCommitIndex());
        process(node);
        return requestId;
    }

    /** Client-model hook: {@code observer} sees every read a node answers, after its check. */
    void observeReads(BiConsumer<Integer, ReadState> observer) {
        this.readObserver = observer;
    }

    /** The highest commit index any node knows, crashed nodes' persisted one included. */
    private long highestCommitIndex() {
        long highest = 0;
        for (int id = 1; id < nodes.length; id++) {
            SimNode node = nodes[id];
            long commit = node.isUp() ? node.core.status().commitIndex()
                    : node.disk.hardState.commitIndex();
            highest = Math.max(highest, commit);
        }
        return highest;
    }

    private void checkRead(SimNode node, ReadState read) {
        Long committedWhenAsked = readsInFlight.remove(read.requestId());
        if (committedWhenAsked == null) {
            throw new SafetyViolation("node " + node.id + " answered unknown read "
                    + read.requestId());
        }
        if (read.readIndex() < committedWhenAsked) {
            throw new SafetyViolation("Linearizable reads: node " + node.id + " would answer read "
                    + read.requestId() + " at index " + read.readIndex() + " but index "
                    + committedWhenAsked + " had committed before it was asked");
        }
        readsCompleted++;
    }

    /** Asks node {@code leader} to hand leadership to {@code target}. */
    TransferResult transfer(int leader, int target) {
        SimNode node = leader == 0 ? null : nodes[leader];
        if (node == null || !node.isUp()) {
            return TransferResult.NOT_LEADER;
        }
        TransferResult result = node.core.transferLeadership(target);
        if (result == TransferResult.STARTED) {
            record("transfer " + leader + " -> " + target);
        }
        process(node);
        return result;
    }

    /**
     * Client-model hook: hands a client request to node {@code id} as its event loop would;
     * {@code caller} completes once the outcome is known (a crash fails it as stopped).
     */
    void propose(int id, StampedCommand request, CompletableFuture<ApplyResult> caller) {
        SimNode node = nodes[id];
        if (!node.isUp()) {
            caller.completeExceptionally(new ProposalException(
                    ProposalException.Reason.STOPPED, "node " + id + " is down"));
            return;
        }
        node.proposals.propose(request.encode(), request, caller);
        process(node);
    }

    ProposeResult propose(int id, String command) {
        SimNode node = nodes[id];
        if (!node.isUp()) {
            return ProposeResult.notLeader(0);
        }
        ProposeResult result = node.core.propose(command.getBytes());
        process(node);
        return result;
    }

    /** The live leader with the highest term, or 0. */
    int leader() {
        int leader = 0;
        long bestTerm = -1;
        for (int id = 1; id < nodes.length; id++) {
            SimNode node = nodes[id];
            if (node.isUp() && node.core.role() == Role.LEADER && node.core.term() > bestTerm) {
                leader = id;
                bestTerm = node.core.term();
            }
        }
        return leader;
    }

    List<Integer> upNodes() {
        List<Integer> up = new ArrayList<>();
        for (int id = 1; id < nodes.length; id++) {
            if (nodes[id].isUp()) {
                up.add(id);
            }
        }
        return up;
    }

    /** Whether a command with this text was applied by node {@code id}. */
    boolean applied(int id, String command) {
        for (Entry entry : nodes[id].applied) {
            if (new String(entry.data()).equals(command)) {
                return true;
            }
        }
        return false;
    }

    void record(String event) {
        trace.addLast("t=" + now + " " + event);
        if (trace.size() > TRACE_LENGTH) {
            trace.removeFirst();
        }
    }

    String describe() {
        StringBuilder text = new StringBuilder("seed " + seed + ", tick " + now
                + " (replay: -Dseed=" + seed + ")\nrecent events:\n");
        for (String event : trace) {
            text.append("  ").append(event).append('\n');
        }
        for (int id = 1; id < nodes.length; id++) {
            SimNode node = nodes[id];
            text.append("  node ").append(id).append(node.isUp()
                    ? " " + node.core.status().role() + " term " + node.core.term()
                    + " commit " + node.core.status().commitIndex() : " DOWN")
                    .append(" disk snapshot ").append(node.disk.snapshot.index())
                    .append(" last ").append(node.disk.lastIndex()).append('\n');
        }
        return text.toString();
    }

    /**
     * Ends every fault: heals the network, restarts every node and stops message loss. Then
     * proposes {@code probe} at whoever leads until every node applied it; false if that did
     * not happen within {@code maxTicks}.
     */
    boolean healAndConverge(String probe, int maxTicks) {
        crashMidReadyChance = 0;
        healAll();
        for (int id = 1; id < nodes.length; id++) {
            restart(id);
        }
        network.setFaults(SimNetwork.Faults.NONE);
        return runUntil(() -> {
            int leader = leader();
            if (leader != 0 && !applied(leader, probe)) {
                propose(leader, probe);
            }
            return upNodes().stream().allMatch(id -> applied(id, probe));
        }, maxTicks);
    }
}
