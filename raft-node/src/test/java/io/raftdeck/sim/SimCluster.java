package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Message;
import io.raftdeck.core.ProposeResult;
import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Ready;
import io.raftdeck.core.Role;
import io.raftdeck.core.Snapshot;
import io.raftdeck.node.MutantLoops;
import io.raftdeck.node.NodeClock;
import io.raftdeck.node.NodeLoop;
import io.raftdeck.node.NodeSnapshot;
import io.raftdeck.node.ProposalException;
import io.raftdeck.node.TransferOutcome;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.StampedCommand;
import io.raftdeck.storage.DataDirectory;
import io.raftdeck.storage.DiskStorage;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.storage.StorageException;
import io.raftdeck.storage.WriteAheadLog;
import io.raftdeck.storage.sim.CrashMode;
import io.raftdeck.storage.sim.SimulatedDisk;
import io.raftdeck.transport.LinkFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Several nodes over a {@link SimNetwork}, in simulated time, with crash and restart from what
 * each persisted. Each node is the real {@link NodeLoop} (the code a running node's thread
 * drives), over the real storage (a data directory with its WAL and snapshot store, on a
 * {@link SimulatedDisk} of its own, checked by {@link SimStorage}), the simulated network as
 * its transport and a {@link SimStateMachine}; this class is its second driver, running every
 * loop on one thread. A crash drops a node's loop (its waiting callers hear it stopped) and
 * is a power loss of its disk, which keeps what was synced and loses or tears the rest; a
 * restart recovers through the real recovery code and builds a new loop from what it
 * returned, which must be what the storage promised ({@link SimDisk#checkRecovered}). A failed
 * fsync fail-stops the node, as in production, and the simulator takes that for a crash; a
 * slow one holds the node's thread for as long, in virtual time ({@link #disks}). Everything
 * random comes from one seed, so a run replays exactly. Every tick ends with the safety
 * checks of {@link SafetyChecker}, every node's turn with those of {@link MemoryBounds}. With
 * a snapshot threshold each node snapshots its applied state and compacts its log as a real
 * node does, and leaders send snapshots to followers that need compacted entries.
 */
final class SimCluster {

    /** How many recent events a failure report shows. */
    private static final int TRACE_LENGTH = 60;
    /** Callers of client requests that may wait on one node, as on a real one. */
    private static final int WAITING_CALLERS = 1024;
    /** The simulated length of a tick, for what the node loop measures in time. */
    static final int TICK_MS = 10;
    /** The key linearizable reads ask for: the scenarios read the state at the answer's index. */
    private static final String READ_KEY = "read";
    /**
     * Thousands of simulated elections would flood the test output with the node's INFO lines
     * (a strong reference: java.util.logging holds loggers weakly).
     */
    private static final Logger NODE_LOOP_LOG = quiet(NodeLoop.class);
    /** Quieted during a node's recovery only: each cut torn tail is one WARNING line. */
    private static final Logger WAL_LOG = Logger.getLogger(WriteAheadLog.class.getName());
    /** Ticks a node's thread catches up after it was held, as RaftNode's MAX_TICKS_PER_TURN. */
    private static final int HELD_TICKS = 4;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
    /** Where each node's data directory is on its own simulated disk. */
    private static final Path DATA_DIR = Path.of("/var/lib/raftdeck/node");
    /** Small segments, so runs roll them and delete them after snapshots, as a long life does. */
    private static final long SEGMENT_BYTES = 16 << 10;
    /**
     * What a crash keeps of the unsynced writes: the modes the storage's recovery promises to
     * survive. Reordered writeback is an open finding (CrashRecoverySimulationTest).
     */
    private static final CrashMode[] CRASH_MODES = {CrashMode.LOSE_UNSYNCED,
        CrashMode.TORN_IN_ORDER};

    /** A read a node answered, from the state machine's state at {@code appliedIndex}. */
    record ReadAnswer(long requestId, long appliedIndex) {
    }

    final long seed;
    final Random random;
    final SimNetwork network;
    final SafetyChecker checker = new SafetyChecker();
    private final SimNode[] nodes;
    private final Set<Integer> members = new TreeSet<>();
    private final Deque<String> trace = new ArrayDeque<>();
    private final int maxEntriesPerAppend;
    private long lastReadId;
    /**
     * A violation seen while a loop answered a read or a write, thrown once the loop's turn is
     * over: a future's completion would swallow it.
     */
    private SafetyViolation answerViolation;
    long readsCompleted;
    private final boolean preVoteAndCheckQuorum;
    /** Applied entries past the last snapshot that make a node take a new one; 0: never. */
    private int snapshotThresholdEntries;
    long snapshotsTaken;
    long snapshotsInstalled;
    private double crashMidReadyChance;
    long crashesMidReady;
    private double crashAfterAcknowledgingChance;
    long crashesAfterAcknowledging;
    /** Disk faults: their own random source, so the rest of a seed's run stays as it was. */
    private final Random diskRandom;
    private double failedSyncChance;
    private double stallChance;
    long syncFailures;
    long stalledTurns;
    /** The defect every node is built with; {@link SimMutation#NONE} in every safety test. */
    private SimMutation mutation = SimMutation.NONE;
    /** Sees every read a node answers (node id, answer), after the built-in check. */
    private BiConsumer<Integer, ReadAnswer> readObserver = (node, read) -> { };
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
        this.diskRandom = new Random(seed * 0x2545F4914F6CDD1DL + 17);
        this.nodes = new SimNode[size + 1];
        for (int id = 1; id <= size; id++) {
            members.add(id);
        }
        for (int id = 1; id <= size; id++) {
            nodes[id] = new SimNode(id);
            nodes[id].files = newDisk(nodes[id]);
            start(nodes[id]);
        }
    }

    private static Logger quiet(Class<?> source) {
        Logger logger = Logger.getLogger(source.getName());
        logger.setLevel(Level.WARNING);
        return logger;
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

    /**
     * Makes a node crash with this chance right after it sent what waits for its write (votes,
     * acknowledgements: {@link Ready#messagesAfterPersist()}), before its turn ends: a node
     * that sent them before its write was durable loses that write.
     */
    void crashAfterAcknowledging(double chance) {
        this.crashAfterAcknowledgingChance = chance;
    }

    /**
     * Disk faults: each fsync stalls with {@code stallChance} for 200 to 800 ms of virtual time
     * (the node's thread waits meanwhile: it neither ticks nor takes messages), and each
     * start of a node arms, with {@code failedSyncChance}, one of its next hundred fsyncs to
     * fail with EIO (the node fail-stops there, a crash to the simulator). A chance of 0 also
     * disarms the failures already armed: {@code disks(0, 0)} ends the disk faults.
     */
    void disks(double stallChance, double failedSyncChance) {
        this.stallChance = stallChance;
        this.failedSyncChance = failedSyncChance;
        for (int id = 1; id < nodes.length; id++) {
            nodes[id].files.stallSyncs(stallChance, 200_000_000L, 800_000_000L);
            if (failedSyncChance == 0) {
                nodes[id].files.failSyncAt(0);
            }
        }
    }

    /** A node's simulated disk, seeded from the cluster's seed, its fsyncs timed for the node. */
    private SimulatedDisk newDisk(SimNode node) {
        SimulatedDisk disk = new SimulatedDisk(new Random(diskRandom.nextLong()));
        disk.stallSyncs(stallChance, 200_000_000L, 800_000_000L);
        disk.onSync((file, nanos) -> node.syncNanosThisTurn += nanos);
        return disk;
    }

    /**
     * Builds every node with {@code mutation}, for a test that proves the simulator catches
     * it. Set-up only, before the first tick, as {@link #snapshotEvery}.
     */
    void mutate(SimMutation mutation) {
        if (now != 0) {
            throw new IllegalStateException("set the mutation before the first tick");
        }
        this.mutation = mutation;
        for (int id = 1; id < nodes.length; id++) {
            start(nodes[id]);
        }
    }

    /**
     * Makes every node snapshot and compact once this many entries applied past the last.
     * Set-up only, before the first tick: a loop takes its threshold when it is built, so the
     * nodes' loops are built again (from their still empty disks, with the same seeds).
     */
    void snapshotEvery(int thresholdEntries) {
        if (now != 0) {
            throw new IllegalStateException("set the snapshot threshold before the first tick");
        }
        this.snapshotThresholdEntries = thresholdEntries;
        for (int id = 1; id < nodes.length; id++) {
            start(nodes[id]);
        }
    }

    // ---------------------------------------------------------------- time

    /** One tick: deliver what is due, tick every live node, then check safety. */
    void tick() {
        now++;
        for (int id = 1; id < nodes.length; id++) {
            release(nodes[id]);
        }
        for (Message message : network.due(now)) {
            SimNode target = nodes[message.to()];
            if (target.isUp()) {
                turn(target, loop -> loop.step(message));
            }
        }
        for (int id = 1; id < nodes.length; id++) {
            SimNode node = nodes[id];
            if (node.isUp() && !isHeld(node)) {
                turn(node, NodeLoop::tick);
            } else if (node.isUp() && node.heldTicks < HELD_TICKS) {
                node.heldTicks++;
                node.inbox.addLast(NodeLoop::tick);
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

    /**
     * Scenario hook: one tick of node {@code id} alone, then the safety checks. Only its own
     * timers move (virtual time and the network stand still), so a script can make one node's
     * election timer fire while every other node waits.
     */
    void tickOnly(int id) {
        SimNode node = nodes[id];
        if (node.isUp()) {
            turn(node, NodeLoop::tick);
            checkRoles();
        }
    }

    /**
     * Scenario hook: hands one message the network held ({@link SimNetwork#hold}) to its
     * target, as a tick delivers one, then runs the safety checks. Returns false, the message
     * lost, when its target is down or its link is cut.
     */
    boolean deliver(Message message) {
        SimNode target = nodes[message.to()];
        if (!target.isUp() || network.isCut(message.from(), message.to())) {
            network.dropped++;
            return false;
        }
        turn(target, loop -> loop.step(message));
        checkRoles();
        return true;
    }

    // ---------------------------------------------------------------- driving the loops

    /**
     * Hands {@code input} to the node's loop and ends the loop's turn, as the node's thread
     * does after taking events from its inbox; while a slow fsync holds the thread, the input
     * waits in the node's inbox. A {@link SimCrash} from inside the loop crashes the node at
     * that point; a {@link StorageException} (a failed fsync) fail-stops it, as a real node
     * stops for good on one, and the simulator takes that for a crash.
     */
    private void turn(SimNode node, Consumer<NodeLoop> input) {
        release(node);
        if (isHeld(node)) {
            node.inbox.addLast(input);
            return;
        }
        runTurn(node, input);
    }

    private void runTurn(SimNode node, Consumer<NodeLoop> input) {
        node.syncNanosThisTurn = 0;
        try {
            input.accept(node.loop);
            NodeSnapshot status = node.loop.endTurn();
            node.wiring.turnEnded();
            MemoryBounds.check(node.id, status.raft(), node.store, thresholdEntries());
            holdIfSyncsWereSlow(node);
        } catch (SimCrash crash) {
            record("node " + node.id + " " + crash.getMessage());
            crash(node.id);
        } catch (StorageException failure) {
            syncFailures++;
            record("node " + node.id + " fail-stops: " + failure.getMessage());
            crash(node.id);
        }
        if (answerViolation != null) {
            throw answerViolation;
        }
    }

    private boolean isHeld(SimNode node) {
        return node.busyUntilTick > now;
    }

    /** A turn whose fsyncs took a tick or more holds the node's thread for that long. */
    private void holdIfSyncsWereSlow(SimNode node) {
        long heldTicks = node.syncNanosThisTurn / TICK_NANOS;
        if (heldTicks > 0) {
            stalledTurns++;
            node.busyUntilTick = now + heldTicks;
            record("node " + node.id + " waits " + heldTicks + " ticks on a slow fsync");
        }
    }

    /** A node whose slow fsync ended takes what reached it meanwhile, in order. */
    private void release(SimNode node) {
        if (node.busyUntilTick == 0 || isHeld(node)) {
            return;
        }
        node.busyUntilTick = 0;
        while (node.isUp() && !isHeld(node) && !node.inbox.isEmpty()) {
            runTurn(node, node.inbox.pollFirst());
        }
        if (node.inbox.isEmpty()) {
            node.heldTicks = 0;
        }
    }

    /**
     * The loop's transport: every message through the interceptor to the network. What the
     * loop sends after a slow fsync leaves when the fsync is over.
     */
    private void send(SimNode node, List<Message> messages) {
        node.appendsAheadOfWrite = messages.stream().allMatch(Ready::maySendBeforePersist);
        long sentAt = now + node.syncNanosThisTurn / TICK_NANOS;
        for (Message message : messages) {
            checker.beforeSend(node.id, node.disk, message);
            Message intercepted = interceptor.apply(message);
            if (intercepted != null) {
                network.send(intercepted, sentAt);
            }
        }
        if (crashAfterAcknowledgingChance > 0 && !node.appendsAheadOfWrite
                && random.nextDouble() < crashAfterAcknowledgingChance) {
            crashesAfterAcknowledging++;
            throw new SimCrash("crashed after sending what waits for its write");
        }
    }

    /** What the simulator hears from one node's storage: counts, and crashes it mid-Ready. */
    private SimStorage.Listener storageListener(SimNode node) {
        return new SimStorage.Listener() {
            @Override
            public void beforeWrite() {
                boolean appendsOut = node.appendsAheadOfWrite;
                node.appendsAheadOfWrite = false;
                if (crashMidReadyChance > 0 && appendsOut
                        && random.nextDouble() < crashMidReadyChance) {
                    // The window the overlap opens: the leader's appends are out, its write is
                    // not.
                    crashesMidReady++;
                    throw new SimCrash("crashed after sending appends, before its write");
                }
            }

            @Override
            public void snapshotTaken(Snapshot snapshot) {
                snapshotsTaken++;
            }

            @Override
            public void snapshotInstalled(Snapshot snapshot) {
                node.snapshotsInstalled++;
                snapshotsInstalled++;
                record("node " + node.id + " installs snapshot " + snapshot.index() + "@"
                        + snapshot.term());
            }
        };
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
            // The callers' connections break: they hear the node is gone, as from a real one.
            node.loop.stop(new ProposalException(ProposalException.Reason.STOPPED,
                    "node " + id + " crashed"));
            node.loop = null;
            node.wiring = null;
            node.core = null;
            node.store = null;
            node.applied.clear();
            node.inbox.clear();
            node.busyUntilTick = 0;
            node.heldTicks = 0;
            // The machine goes down with the process: what its disk did not sync is lost or
            // torn, as recovery is promised to survive.
            CrashMode mode = CRASH_MODES[diskRandom.nextInt(CRASH_MODES.length)];
            node.files.crash(mode);
            record("crash " + id + " (" + mode + ")");
            // A crashed process resets its connections: the peers' transports notice at once.
            for (int peer = 1; peer < nodes.length; peer++) {
                if (nodes[peer].isUp()) {
                    turn(nodes[peer], loop -> loop.peerUnreachable(id));
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

    /** The loops' snapshot threshold: never ({@link Integer#MAX_VALUE}) for 0. */
    private int thresholdEntries() {
        return snapshotThresholdEntries > 0 ? snapshotThresholdEntries : Integer.MAX_VALUE;
    }

    /**
     * Builds the node's loop from what its storage recovers, as a node starts: its data
     * directory opened on its disk as RaftServer opens one (without the OS lock, which only
     * guards against a second process), the WAL and snapshots recovered by the real code.
     */
    private void start(SimNode node) {
        if (node.wiring != null) {
            node.wiring.storage().close(); // a loop rebuilt at set-up lets go of its files
        }
        RaftConfig config = new RaftConfig(node.id, members,
                RaftConfig.DEFAULT_ELECTION_TIMEOUT_MIN_TICKS,
                RaftConfig.DEFAULT_ELECTION_TIMEOUT_MAX_TICKS, RaftConfig.DEFAULT_HEARTBEAT_TICKS,
                maxEntriesPerAppend, 4096, preVoteAndCheckQuorum, preVoteAndCheckQuorum);
        Random coreRandom = new Random(seed * 1_000_003L + node.id * 7919L + node.restarts);
        mutation.misconfigure(node.id, node.files);
        DiskStorage disk = DataDirectory.open(DATA_DIR, node.id, node.files)
                .openStorage(SEGMENT_BYTES);
        RecoveredState recovered = recover(node.id, disk);
        node.disk.checkRecovered(node.id, recovered);
        Snapshot snapshot = recovered.snapshot();
        // The state machine is rebuilt from the snapshot; the log replays what follows it.
        SimStateMachine stateMachine = new SimStateMachine(node.id, checker, node.applied,
                snapshot);
        node.core = new RaftCore(config, coreRandom, recovered.hardState(), snapshot.index(),
                snapshot.term(), new ArrayList<>(recovered.entries()));
        node.store = stateMachine.store;
        node.appendsAheadOfWrite = false;
        int threshold = thresholdEntries();
        SimStorage storage = new SimStorage(node.id, disk, node.disk, checker,
                storageListener(node));
        node.wiring = mutation.wire(node.id, storage, stateMachine);
        NodeClock clock = () -> TimeUnit.MILLISECONDS.toNanos(now * TICK_MS);
        node.loop = mutation.usesRetryCache()
                ? new NodeLoop(node.core, node.wiring.storage(), node.wiring.stateMachine(),
                        snapshot, threshold, messages -> send(node, messages), new LinkFilter(),
                        TICK_MS, clock, WAITING_CALLERS)
                : MutantLoops.withoutRetryCache(node.core, node.wiring.storage(),
                        node.wiring.stateMachine(), snapshot, threshold,
                        messages -> send(node, messages), new LinkFilter(), TICK_MS, clock,
                        WAITING_CALLERS);
        if (failedSyncChance > 0 && diskRandom.nextDouble() < failedSyncChance) {
            node.files.failSyncAt(1 + diskRandom.nextInt(100));
        }
    }

    /**
     * The real recovery, its torn-tail warnings quieted (thousands in a run). A disk that only
     * crashed in the ways recovery promises to survive must be recovered: a refusal is a
     * broken promise, reported with the check's name.
     */
    private static RecoveredState recover(int nodeId, DiskStorage disk) {
        Level level = WAL_LOG.getLevel();
        WAL_LOG.setLevel(Level.SEVERE);
        try {
            return disk.recover();
        } catch (IOException | StorageException refused) {
            throw new SafetyViolation("Durability: node " + nodeId + " cannot recover its"
                    + " disk after a crash: " + refused.getMessage());
        } finally {
            WAL_LOG.setLevel(level);
        }
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
        node.files = newDisk(node);
        DiskStorage disk = DataDirectory.open(DATA_DIR, id, node.files)
                .openStorage(SEGMENT_BYTES);
        recover(id, disk);
        disk.save(hardState, entries);
        disk.close();
        node.disk.replace(hardState, entries);
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
     * checked when it is answered: it must see every entry committed anywhere before it began.
     */
    boolean read(int id) {
        return startRead(id) != 0;
    }

    /**
     * Client-model hook: {@link #read}, returning the read's request id (0 when refused) so a
     * caller that {@link #observeReads observes reads} can match the answer to its request.
     * The read goes through the node's loop as a client's does and is answered from its state
     * machine; a read the node gives up on (leadership lost, crash) is never answered.
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
        long committedWhenAsked = highestCommitIndex();
        CompletableFuture<ApplyResult> answer = new CompletableFuture<>();
        boolean[] accepted = new boolean[1];
        boolean[] taken = new boolean[1];
        turn(node, loop -> {
            taken[0] = true;
            loop.readIndex(READ_KEY, answer);
            accepted[0] = !answer.isDone();
            if (accepted[0]) {
                answer.thenAccept(result -> answered(id, requestId, committedWhenAsked,
                        result.index()));
            }
        });
        // A read waiting in a held node's inbox is under way: it is answered, or never.
        return accepted[0] || !taken[0] ? requestId : 0;
    }

    /**
     * Client-model hook: {@code observer} sees every read a node answers, after its check, with
     * the index of the state it was answered from.
     */
    void observeReads(BiConsumer<Integer, ReadAnswer> observer) {
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

    private void answered(int nodeId, long requestId, long committedWhenAsked,
                          long answeredIndex) {
        if (answeredIndex < committedWhenAsked) {
            answerViolation = new SafetyViolation("Linearizable reads: node " + nodeId
                    + " answered read " + requestId + " from index " + answeredIndex + " but index "
                    + committedWhenAsked + " had committed before it was asked");
            return;
        }
        readsCompleted++;
        readObserver.accept(nodeId, new ReadAnswer(requestId, answeredIndex));
    }

    /**
     * Asks node {@code leader} to hand leadership to {@code target}, as a client's request
     * does: the result completes once the target leads, or fails (not the leader, abandoned,
     * leadership went elsewhere, the node crashed).
     */
    CompletableFuture<TransferOutcome> transfer(int leader, int target) {
        CompletableFuture<TransferOutcome> outcome = new CompletableFuture<>();
        SimNode node = leader == 0 ? null : nodes[leader];
        if (node == null || !node.isUp()) {
            outcome.completeExceptionally(new ProposalException(
                    ProposalException.Reason.NOT_LEADER, "node " + leader + " is not up"));
            return outcome;
        }
        turn(node, loop -> {
            loop.transferLeadership(target, outcome);
            if (!outcome.isDone()) {
                record("transfer " + leader + " -> " + target);
            }
        });
        return outcome;
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
        byte[] command = request.encode();
        watchAnswer(id, command, request.request(), caller);
        if (mutation == SimMutation.NONE) {
            turn(node, loop -> loop.propose(command, request, caller));
            return;
        }
        turn(node, loop -> {
            long lastBefore = node.core.status().lastLogIndex();
            loop.propose(command, request, caller);
            tellMutationIfAppended(node, lastBefore, node.core.status().lastLogIndex(), caller);
        });
    }

    /**
     * Client-model hook: a linearizable read of {@code key} handed to node {@code id}'s loop,
     * as {@code RaftNode.read} does; {@code caller} completes with the value once the read
     * index applied, or fails (not the leader, leadership lost, the node crashed).
     */
    void readKey(int id, String key, CompletableFuture<ApplyResult> caller) {
        SimNode node = nodes[id];
        if (!node.isUp()) {
            caller.completeExceptionally(new ProposalException(
                    ProposalException.Reason.STOPPED, "node " + id + " is down"));
            return;
        }
        turn(node, loop -> loop.readIndex(key, caller));
    }

    /** Every write answered as applied is checked against the log ({@link AcknowledgedWrites}). */
    private void watchAnswer(int id, byte[] command, ClientRequestId request,
                             CompletableFuture<ApplyResult> caller) {
        checker.acknowledgedWrites.proposed(command);
        // handle, not thenAccept: a failed caller (most are refused) then costs no exception.
        caller.handle((result, failure) -> {
            if (result != null) {
                try {
                    checker.onAnswer(id, command, request, result);
                } catch (SafetyViolation violation) {
                    answerViolation = violation;
                }
            }
            return null;
        });
    }

    private static void tellMutationIfAppended(SimNode node, long lastBefore, long last,
                                               CompletableFuture<ApplyResult> caller) {
        if (!caller.isDone() && last == lastBefore + 1) {
            node.wiring.proposed(last, node.core.term(), caller);
        }
    }

    ProposeResult propose(int id, String command) {
        return propose(id, command.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Proposes {@code command} without a request identity, through the node's loop as
     * {@code RaftNode.propose(byte[])} does; returns where it was appended (nobody waits for
     * the answer: the scenarios watch what applies).
     */
    ProposeResult propose(int id, byte[] command) {
        SimNode node = nodes[id];
        if (!node.isUp()) {
            return ProposeResult.notLeader(0);
        }
        ProposeResult[] result = {ProposeResult.notLeader(0)};
        turn(node, loop -> {
            long lastBefore = node.core.status().lastLogIndex();
            CompletableFuture<ApplyResult> caller = new CompletableFuture<>();
            watchAnswer(id, command, null, caller);
            loop.propose(command, null, caller);
            long last = node.core.status().lastLogIndex();
            tellMutationIfAppended(node, lastBefore, last, caller);
            if (caller.isDone()) {
                result[0] = ProposeResult.notLeader(node.core.leaderId());
            } else if (last == lastBefore + 1) {
                result[0] = ProposeResult.accepted(last, node.core.term(), node.id);
            } else {
                throw new IllegalStateException("node " + id + " took a proposal but its log"
                        + " went from " + lastBefore + " to " + last);
            }
        });
        return result[0];
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
     * not happen within {@code maxTicks}. A converged cluster must hold every write it
     * answered, exactly once.
     */
    boolean healAndConverge(String probe, int maxTicks) {
        crashMidReadyChance = 0;
        crashAfterAcknowledgingChance = 0;
        disks(0, 0);
        healAll();
        for (int id = 1; id < nodes.length; id++) {
            restart(id);
        }
        network.setFaults(SimNetwork.Faults.NONE);
        boolean converged = runUntil(() -> {
            int leader = leader();
            if (leader != 0 && !applied(leader, probe)) {
                propose(leader, probe);
            }
            return upNodes().stream().allMatch(id -> applied(id, probe));
        }, maxTicks);
        if (converged) {
            checker.checkAcknowledgedWrites();
        }
        return converged;
    }
}
