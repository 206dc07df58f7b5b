package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.core.Message;
import io.raftdeck.core.Message.InstallSnapshot;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.RaftStatus;
import io.raftdeck.core.ReadIndexResult;
import io.raftdeck.core.Ready;
import io.raftdeck.core.Role;
import io.raftdeck.core.Snapshot;
import io.raftdeck.core.TransferResult;
import io.raftdeck.core.events.EventSink;
import io.raftdeck.core.events.MessageEvent;
import io.raftdeck.core.events.RaftEvent;
import io.raftdeck.core.events.SnapshotEvent;
import io.raftdeck.events.EventHub;
import io.raftdeck.node.ProposalException.Reason;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.KeyValueStateMachine;
import io.raftdeck.statemachine.StampedCommand;
import io.raftdeck.storage.RaftStorage;
import io.raftdeck.transport.LinkFilter;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One node's event handling, deterministic and single-threaded: what a Raft server does with
 * each input, without threads or a clock of its own. Its inputs are ticks, peer messages and
 * client requests; everything it does goes through the collaborators it is given (storage,
 * transport, state machine, clock). Two drivers run it: {@link RaftNode}, on its own thread
 * with an inbox and a ticker, and the simulator, many of them on one thread in virtual time.
 *
 * <p>A driver feeds any number of inputs, then calls {@link #endTurn}, which carries out every
 * Ready in the order Raft requires — persist (a leader's appends may leave meanwhile) before
 * sending what depends on it, apply committed entries in order, complete waiting requests,
 * advance — and returns the node's status. Whatever any collaborator throws leaves the loop
 * unusable: the driver stops it ({@link #stop}) and builds a new one from storage.
 *
 * <p>Log compaction (Raft §7): once {@code snapshotThresholdEntries} entries were applied
 * past the last snapshot, the loop snapshots the state machine, saves it durably and only
 * then lets the core and the WAL drop the entries it covers. It keeps that latest snapshot's
 * bytes to send to followers that need entries it no longer holds.
 */
public final class NodeLoop {

    /**
     * How often the loop checks that its storage is still on disk ({@link
     * RaftStorage#checkIntact}), for the node that saves nothing: every save that syncs checks
     * too, so a vote or an acknowledgement never leaves after a deletion it could have seen,
     * and a heartbeat's answer at most this long after one.
     */
    static final long STORAGE_CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final System.Logger LOGGER = System.getLogger(NodeLoop.class.getName());

    private final RaftCore core;
    private final RaftStorage storage;
    private final KeyValueStateMachine stateMachine;
    private final int snapshotThresholdEntries;
    private final Consumer<List<Message>> transport;
    private final LinkFilter links;
    private final int tickMs;
    private final NodeClock clock;
    private final long startedNanos;
    private long nextStorageCheckNanos;
    private final LeaderProposals proposals;
    private final QuotaProposals quotaProposals;
    private final LogTail logTail = new LogTail();
    private final PendingReads reads = new PendingReads();
    private final PersistStats persistStats = new PersistStats();
    private final NodeCounters counters = new NodeCounters();
    /** The leader the latest turn knew (0 for none), to count leader changes. */
    private int knownLeader;
    private PendingTransfer transfer;
    private long snapshotsInstalled;
    /** The newest snapshot saved or installed; its index is where the core's log starts. */
    private Snapshot latestSnapshot;
    /** Term of the entry at the state machine's last applied index. */
    private long lastAppliedTerm;
    /** The status of the latest turn, to log changes of role once. */
    private RaftStatus lastStatus;
    /** Ticks fed since the loop was built: the clock events are stamped with. */
    private long ticks;
    private EventSink events = EventSink.NONE;

    /**
     * @param core              a core built from what {@code storage} recovered
     * @param storage           where every Ready's hard state and entries are saved
     * @param stateMachine      restored from {@code recoveredSnapshot}, if there is one
     * @param recoveredSnapshot the snapshot {@code core} and {@code stateMachine} were
     *                          recovered from ({@link Snapshot#NONE} for none)
     * @param snapshotThresholdEntries applied entries past the last snapshot that make the
     *                          node take the next one
     * @param transport         sends messages; must not block
     * @param links             the fault filter, reported in status
     * @param tickMs            length of one tick, reported in status
     * @param maxWaitingCallers proposals and the retries attached to them waiting at once
     */
    public NodeLoop(RaftCore core, RaftStorage storage, KeyValueStateMachine stateMachine,
                    Snapshot recoveredSnapshot, int snapshotThresholdEntries,
                    Consumer<List<Message>> transport, LinkFilter links, int tickMs,
                    NodeClock clock, int maxWaitingCallers) {
        this(core, storage, stateMachine, recoveredSnapshot, snapshotThresholdEntries, transport,
                links, tickMs, clock, maxWaitingCallers, NodeConfig.DEFAULT_QUOTA_BYTES);
    }

    /** @param quotaBytes the store's quota this node proposes while it leads */
    public NodeLoop(RaftCore core, RaftStorage storage, KeyValueStateMachine stateMachine,
                    Snapshot recoveredSnapshot, int snapshotThresholdEntries,
                    Consumer<List<Message>> transport, LinkFilter links, int tickMs,
                    NodeClock clock, int maxWaitingCallers, long quotaBytes) {
        this(core, storage, stateMachine, recoveredSnapshot, snapshotThresholdEntries, transport,
                links, tickMs, clock, maxWaitingCallers, quotaBytes, true);
    }

    /**
     * Exists for the simulator's mutation tests only (through the test-only {@code
     * MutantLoops}): {@code usesRetryCache} false builds a loop whose leader never finds a
     * retry in its retry cache (see {@link LeaderProposals}). Every real node is built by the
     * constructor above.
     */
    NodeLoop(RaftCore core, RaftStorage storage, KeyValueStateMachine stateMachine,
             Snapshot recoveredSnapshot, int snapshotThresholdEntries,
             Consumer<List<Message>> transport, LinkFilter links, int tickMs,
             NodeClock clock, int maxWaitingCallers, long quotaBytes, boolean usesRetryCache) {
        if (snapshotThresholdEntries < 1) {
            throw new IllegalArgumentException("snapshot threshold must be >= 1, was "
                    + snapshotThresholdEntries);
        }
        this.core = core;
        this.storage = storage;
        this.stateMachine = stateMachine;
        this.snapshotThresholdEntries = snapshotThresholdEntries;
        this.latestSnapshot = recoveredSnapshot;
        this.lastAppliedTerm = recoveredSnapshot.term();
        this.transport = transport;
        this.links = links;
        this.tickMs = tickMs;
        this.clock = clock;
        this.startedNanos = clock.nanoTime();
        this.nextStorageCheckNanos = startedNanos; // the first turn checks
        this.proposals = new LeaderProposals(core, stateMachine, maxWaitingCallers,
                usesRetryCache);
        this.quotaProposals = new QuotaProposals(core, stateMachine, quotaBytes);
        refreshLogTail();
    }

    public int id() {
        return core.id();
    }

    /** What this loop counts beside its status, for metrics; readable from any thread. */
    public NodeCounters counters() {
        return counters;
    }

    /**
     * Publishes the core's decisions and this loop's messages and snapshots to {@code hub},
     * stamped with the loop's tick and the core's term. Whether anyone listens is asked
     * before each event is built: a hub without subscribers costs a volatile read.
     */
    public void reportTo(EventHub hub) {
        events = new EventSink() {
            @Override
            public boolean listening() {
                return hub.listening();
            }

            @Override
            public void emit(RaftEvent event) {
                hub.publish(event, ticks, core.term());
            }
        };
        core.reportTo(events);
    }

    // ---------------------------------------------------------------- inputs

    /** One tick of logical time (election and heartbeat timers). */
    public void tick() {
        ticks++;
        core.tick();
    }

    /** A message from a peer, already validated by the transport. */
    public void step(Message message) {
        if (events.listening()) {
            events.emit(new MessageEvent(false, message, false));
        }
        core.step(message);
    }

    /** The transport lost an established connection to {@code peer}. */
    public void peerUnreachable(int peer) {
        core.peerUnreachable(peer);
    }

    /**
     * Proposes {@code command}, which encodes {@code stamp} (null for a command without a
     * request identity), exactly once: see {@link LeaderProposals#propose}.
     */
    public void propose(byte[] command, StampedCommand stamp,
                        CompletableFuture<ApplyResult> result) {
        proposals.propose(command, stamp, result);
    }

    /** Every entry of this node's log, in order. */
    public void readLog(CompletableFuture<List<Entry>> result) {
        result.complete(core.entries(1, Long.MAX_VALUE));
    }

    /** This node's value of {@code key}, without going through the log (may be stale). */
    public void readLocal(String key, CompletableFuture<ApplyResult> result) {
        Optional<byte[]> value = stateMachine.read(key);
        result.complete(new ApplyResult(stateMachine.lastApplied(), 0, value.isPresent(),
                value.orElse(null)));
    }

    /** A linearizable read (Raft thesis §6.4), answered once its read index has applied. */
    public void readIndex(String key, CompletableFuture<ApplyResult> result) {
        long requestId = reads.nextRequestId();
        ReadIndexResult confirmation = core.readIndex(requestId);
        if (confirmation == ReadIndexResult.PENDING) {
            reads.add(requestId, key, result, core.term());
        } else if (confirmation == ReadIndexResult.OVERLOADED) {
            result.completeExceptionally(new ProposalException(Reason.OVERLOADED,
                    "node " + id() + " has too many reads waiting; try again"));
        } else {
            result.completeExceptionally(ProposalException.notLeader(core));
        }
    }

    /**
     * The state machine as applied now, at its last applied index and that entry's term: a
     * committed prefix of the log, so a consistent state. Only a leader answers, so a backup
     * is as new as the cluster (the caller confirms leadership with a read first).
     */
    public void takeSnapshot(CompletableFuture<Snapshot> result) {
        if (core.status().role() != Role.LEADER) {
            result.completeExceptionally(ProposalException.notLeader(core));
            return;
        }
        result.complete(new Snapshot(stateMachine.lastApplied(), lastAppliedTerm,
                stateMachine.snapshot()));
    }

    /** Hands leadership to {@code target}; completes once it leads. */
    public void transferLeadership(int target, CompletableFuture<TransferOutcome> result) {
        if (transfer != null) {
            result.completeExceptionally(new IllegalStateException(
                    "a leadership transfer is already in progress"));
            return;
        }
        TransferResult started = core.transferLeadership(target);
        switch (started) {
            case STARTED -> transfer = new PendingTransfer(target, result);
            case ALREADY_LEADER -> result.complete(new TransferOutcome(target, core.term()));
            case UNKNOWN_MEMBER -> result.completeExceptionally(new IllegalArgumentException(
                    "node " + target + " is not a member of the cluster"));
            default -> result.completeExceptionally(ProposalException.notLeader(core));
        }
    }

    // ---------------------------------------------------------------- the turn

    /**
     * Carries out what the inputs since the last turn made ready, settles the waiting
     * requests and returns the node's status (without a failure: that is the driver's).
     */
    public NodeSnapshot endTurn() {
        checkStorageIfDue();
        quotaProposals.proposeIfLeading();
        handleReadies();
        proposals.settleLeadership();
        // One status per turn serves the waiting reads, the transfer and the status.
        RaftStatus status = core.status();
        settleWaiters(status);
        return snapshot(status);
    }

    /** The node's status now, without a turn: for a driver that starts or stops the loop. */
    public NodeSnapshot status() {
        return snapshot(core.status());
    }

    /** Fails every request still waiting: the driver stops this loop (closed, crashed). */
    public void stop(Throwable cause) {
        proposals.failAll(cause);
        reads.failAll(cause);
        if (transfer != null) {
            transfer.fail(cause);
            transfer = null;
        }
    }

    /** Before this turn's Readies: a deletion seen now stops the node before they leave. */
    private void checkStorageIfDue() {
        long now = clock.nanoTime();
        if (now - nextStorageCheckNanos < 0) {
            return;
        }
        storage.checkIntact();
        nextStorageCheckNanos = now + STORAGE_CHECK_INTERVAL_NANOS;
    }

    /** Raft's order: persist (a leader's appends may go out meanwhile), send, apply, answer. */
    private void handleReadies() {
        boolean logChanged = false;
        while (core.hasReady()) {
            Ready ready = core.ready();
            if (ready.snapshot() != null) {
                install(ready.snapshot());
                logChanged = true;
            }
            // The leader's appends leave first, so the followers' disk writes overlap its own
            // (Raft thesis §10.2.1); votes and acknowledgements wait for the write.
            List<Message> early = ready.messagesBeforePersist();
            if (!early.isEmpty()) {
                send(withSnapshotData(early));
            }
            if (ready.hardState() != null || !ready.entries().isEmpty()) {
                long saveStart = clock.nanoTime();
                if (storage.save(ready.hardState(), ready.entries())) {
                    // The save's write (into the page cache) and its one fdatasync.
                    long saveEnd = clock.nanoTime();
                    persistStats.saved(ready.entries().size());
                    counters.fsynced(saveEnd, saveEnd - saveStart);
                }
            }
            proposals.logReplaced(ready.entries());
            List<Message> late = ready.messagesAfterPersist();
            if (!late.isEmpty()) {
                send(late);
            }
            for (Entry entry : ready.committedEntries()) {
                proposals.applied(entry, stateMachine.apply(entry));
                lastAppliedTerm = entry.term();
            }
            ready.readStates().forEach(reads::confirmed);
            core.advance(ready);
            logChanged |= !ready.entries().isEmpty();
        }
        logChanged |= maybeCompact();
        if (logChanged) {
            refreshLogTail();
        }
    }

    private void send(List<Message> messages) {
        transport.accept(messages);
        if (events.listening()) {
            for (Message message : messages) {
                if (message instanceof InstallSnapshot install) {
                    events.emit(new SnapshotEvent(true, install.to(), install.lastIncludedIndex(),
                            install.lastIncludedTerm(), install.data().length));
                }
                events.emit(new MessageEvent(true, message, !links.allows(message.to())));
            }
        }
    }

    /** Answers reads the state machine has caught up with; ends what leadership changes ended. */
    private void settleWaiters(RaftStatus status) {
        reads.answer(stateMachine);
        reads.leadershipChanged(status.role() == Role.LEADER, status.term(), id());
        if (transfer != null && transfer.check(status)) {
            transfer = null;
        }
    }

    /**
     * A snapshot from the leader replaces the log. Restoring first checks that the bytes are a
     * state of this machine before anything is stored; both happen before any later entry is
     * applied and before the acknowledgement leaves.
     */
    private void install(Snapshot installed) {
        stateMachine.restore(installed.data(), installed.index());
        storage.installSnapshot(installed);
        latestSnapshot = installed;
        lastAppliedTerm = installed.term();
        snapshotsInstalled++;
        proposals.snapshotInstalled(installed.index());
        if (events.listening()) {
            events.emit(new SnapshotEvent(false, core.leaderId(), installed.index(),
                    installed.term(), installed.data().length));
        }
        LOGGER.log(Level.INFO, "node " + id() + " installed the leader's snapshot at index "
                + installed.index() + " (" + installed.data().length + " bytes)");
    }

    /** The core names the snapshot to send; the node attaches the bytes it saved. */
    private List<Message> withSnapshotData(List<Message> messages) {
        if (messages.stream().noneMatch(InstallSnapshot.class::isInstance)) {
            return messages;
        }
        List<Message> filled = new ArrayList<>(messages.size());
        for (Message message : messages) {
            if (message instanceof InstallSnapshot install) {
                if (install.lastIncludedIndex() != latestSnapshot.index()) {
                    throw new IllegalStateException("core offers snapshot "
                            + install.lastIncludedIndex() + " but the latest saved is "
                            + latestSnapshot.index());
                }
                message = install.withData(latestSnapshot.data());
                counters.snapshotSent();
            }
            filled.add(message);
        }
        return filled;
    }

    /**
     * Takes a snapshot once enough entries were applied past the last one: saved durably
     * first, then the core and the log drop what it covers. Returns whether it did.
     */
    private boolean maybeCompact() {
        long applied = stateMachine.lastApplied();
        if (applied - latestSnapshot.index() < snapshotThresholdEntries) {
            return false;
        }
        Snapshot taken = new Snapshot(applied, lastAppliedTerm, stateMachine.snapshot());
        storage.saveSnapshot(taken);
        core.compact(applied);
        latestSnapshot = taken;
        counters.snapshotTaken();
        LOGGER.log(Level.DEBUG, () -> "node " + id() + " took a snapshot at index " + applied
                + " (" + taken.data().length + " bytes) and compacted its log");
        return true;
    }

    private void refreshLogTail() {
        long last = core.status().lastLogIndex();
        logTail.update(core.entries(Math.max(1, last - LogTail.CAPACITY + 1), last));
    }

    private NodeSnapshot snapshot(RaftStatus status) {
        logRoleChange(status);
        lastStatus = status;
        if (status.leaderId() != 0 && status.leaderId() != knownLeader) {
            counters.leaderChanged();
        }
        knownLeader = status.leaderId();
        counters.proposals(proposals.waitingCallers(), proposals.failedEntries());
        return new NodeSnapshot(status, logTail.entries(), links.cut(), tickMs,
                TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - startedNanos), null,
                snapshotsInstalled, persistStats.saves(), persistStats.entries(),
                stateMachine.usage());
    }

    /** Operators read elections from the log: every change of role or term, once. */
    private void logRoleChange(RaftStatus status) {
        RaftStatus previous = lastStatus;
        if (previous != null && previous.role() == status.role()
                && previous.term() == status.term()) {
            return;
        }
        if (status.role() == Role.LEADER) {
            LOGGER.log(Level.INFO, "node " + id() + " is leader of term " + status.term());
        } else if (status.role() == Role.CANDIDATE) {
            LOGGER.log(Level.INFO, "node " + id() + " starts an election for term "
                    + status.term());
        } else if (previous != null && previous.role() == Role.LEADER) {
            LOGGER.log(Level.INFO, "node " + id() + " steps down in term " + status.term());
        }
    }
}
