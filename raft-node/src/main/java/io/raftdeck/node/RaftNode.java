package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.core.Message;
import io.raftdeck.core.Message.InstallSnapshot;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.RaftStatus;
import io.raftdeck.core.ReadIndexResult;
import io.raftdeck.core.Ready;
import io.raftdeck.core.TransferResult;
import io.raftdeck.core.Role;
import io.raftdeck.core.Snapshot;
import io.raftdeck.node.ProposalException.Reason;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.statemachine.StampedCommand;
import io.raftdeck.storage.RaftStorage;
import io.raftdeck.storage.StorageException;
import io.raftdeck.transport.LinkFilter;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One node's event loop: the only thread that touches its {@link RaftCore}, storage and state
 * machine. Other threads talk to it through a bounded inbox and read its state from an
 * immutable {@link NodeSnapshot} published after every turn.
 *
 * <p>Each turn: take up to {@link #MAX_EVENTS_PER_TURN} events, feed due ticks, then handle
 * every Ready in the order Raft requires — persist (one fsync) before sending anything that
 * depends on it, apply committed entries in order, complete waiting proposals, advance.
 * A storage failure stops the node for good: it cannot promise durability any more. So does any
 * other error in the loop, an OutOfMemoryError included, and {@link #failStop} from any thread:
 * the node then keeps only its last status, with the reason, and a supervisor restarts it.
 *
 * <p>Log compaction (Raft §7): once {@code snapshotThresholdEntries} entries were applied
 * past the last snapshot, the loop snapshots the state machine, saves it durably and only
 * then lets the core and the WAL drop the entries it covers. It keeps that latest snapshot's
 * bytes to send to followers that need entries it no longer holds.
 */
public final class RaftNode implements AutoCloseable {

    public static final int DEFAULT_INBOX_CAPACITY = 4096;
    static final int MAX_EVENTS_PER_TURN = 256;
    /** After a stall, catch up at most this many ticks at once instead of a burst. */
    static final int MAX_TICKS_PER_TURN = 4;
    /**
     * How often the loop checks that its storage is still on disk ({@link
     * RaftStorage#checkIntact}), for the node that saves nothing: every save that syncs checks
     * too, so a vote or an acknowledgement never leaves after a deletion it could have seen,
     * and a heartbeat's answer at most this long after one.
     */
    static final long STORAGE_CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Callers waiting for entries at once: proposals and the retries attached to them. */
    static final int MAX_PENDING_PROPOSALS = 16_384;
    private static final long CLOSE_WAIT_MS = 5_000;
    private static final System.Logger LOGGER = System.getLogger(RaftNode.class.getName());

    private final RaftCore core;
    private final RaftStorage storage;
    private final KeyValueStore stateMachine;
    private final int snapshotThresholdEntries;
    private final Consumer<List<Message>> transport;
    private final LinkFilter links;
    private final int tickMs;
    private final Consumer<String> onFailure;
    private final ArrayBlockingQueue<NodeEvent> inbox;
    private final LeaderProposals proposals;
    private final LogTail logTail = new LogTail();
    private final PendingReads reads = new PendingReads();
    /** Written by the loop, read through the published snapshot only. */
    private long snapshotsInstalled;
    private final PersistStats persistStats = new PersistStats();
    private PendingTransfer transfer;
    private final Thread loop;
    private final long startedNanos = System.nanoTime();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong droppedMessages = new AtomicLong();
    private volatile boolean running = true;
    /** Why the node stopped on an error; the first reason is kept. */
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile NodeSnapshot snapshot;
    /** The newest snapshot saved or installed; its index is where the core's log starts. */
    private Snapshot latestSnapshot;
    /** Term of the entry at the state machine's last applied index. */
    private long lastAppliedTerm;

    /**
     * @param core         a core built from what {@code storage} recovered
     * @param storage      where every Ready's hard state and entries are saved
     * @param transport    sends messages; must not block or throw
     * @param links        the fault filter, reported in status
     * @param onFailure    told once, with the reason, if the node stops on an error
     */
    public RaftNode(RaftCore core, RaftStorage storage, KeyValueStore stateMachine,
                    Consumer<List<Message>> transport, LinkFilter links, int tickMs,
                    int inboxCapacity, Consumer<String> onFailure) {
        this(core, storage, stateMachine, Snapshot.NONE,
                NodeConfig.DEFAULT_SNAPSHOT_THRESHOLD_ENTRIES, transport, links, tickMs,
                inboxCapacity, onFailure);
    }

    /**
     * @param recoveredSnapshot the snapshot {@code core} and {@code stateMachine} were
     *                          recovered from ({@link Snapshot#NONE} for none)
     * @param snapshotThresholdEntries applied entries past the last snapshot that make the
     *                          node take the next one
     */
    public RaftNode(RaftCore core, RaftStorage storage, KeyValueStore stateMachine,
                    Snapshot recoveredSnapshot, int snapshotThresholdEntries,
                    Consumer<List<Message>> transport, LinkFilter links, int tickMs,
                    int inboxCapacity, Consumer<String> onFailure) {
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
        this.onFailure = onFailure;
        this.inbox = new ArrayBlockingQueue<>(inboxCapacity);
        this.proposals = new LeaderProposals(core, stateMachine, MAX_PENDING_PROPOSALS);
        this.loop = new Thread(this::run, "raft-node-" + core.id());
        this.loop.setDaemon(true);
        refreshLogTail();
        publish();
    }

    /** Starts the event loop. */
    public void start() {
        loop.start();
    }

    public int id() {
        return core.id();
    }

    /** The state published at the end of the latest turn; never waits on the loop. */
    public NodeSnapshot snapshot() {
        return snapshot;
    }

    /** Hands a peer's message to the loop; drops it (as the network might) if the inbox is full. */
    public void deliver(Message message) {
        if (!running || !inbox.offer(new NodeEvent.Deliver(message))) {
            droppedMessages.incrementAndGet();
        }
    }

    /**
     * Proposes a command without a request identity, so nothing stops a retry of it from
     * applying twice. Completes with its result once applied; fails with a
     * {@link ProposalException} when this node is not the leader, the entry is lost, the node
     * is overloaded or stopped, or it stopped leading before the entry applied. Never blocks.
     */
    public CompletableFuture<ApplyResult> propose(byte[] command) {
        CompletableFuture<ApplyResult> result = new CompletableFuture<>();
        offer(new NodeEvent.Propose(command.clone(), null, result));
        return result;
    }

    /**
     * Proposes a client request, exactly once: when this leader already holds it, the caller
     * gets the result of its entry instead of a second one (see {@link RetryCache}). Otherwise
     * as {@link #propose(byte[])}; a caller whose future was completed before the loop takes
     * the request (it gave up) never gets it appended.
     */
    public CompletableFuture<ApplyResult> propose(StampedCommand request) {
        CompletableFuture<ApplyResult> result = new CompletableFuture<>();
        offer(new NodeEvent.Propose(request.encode(), request, result));
        return result;
    }

    /** Every entry of this node's log, in order, read by the loop. */
    public CompletableFuture<List<Entry>> log() {
        CompletableFuture<List<Entry>> result = new CompletableFuture<>();
        offer(new NodeEvent.ReadLog(result));
        return result;
    }

    /**
     * This node's value of {@code key}, without going through the log: may be stale. The
     * result's index is the last index applied when it was read; its term is 0.
     */
    public CompletableFuture<ApplyResult> readLocal(String key) {
        CompletableFuture<ApplyResult> result = new CompletableFuture<>();
        offer(new NodeEvent.ReadLocal(key, result));
        return result;
    }

    /**
     * This node's value of {@code key}, linearizable: confirmed through the leader's read index
     * (Raft thesis §6.4). Fails with NOT_LEADER on a follower, so the caller asks the leader.
     */
    public CompletableFuture<ApplyResult> read(String key) {
        CompletableFuture<ApplyResult> result = new CompletableFuture<>();
        offer(new NodeEvent.ReadIndex(key, result));
        return result;
    }

    /**
     * Hands leadership to {@code target}; completes once it leads, fails when the transfer is
     * abandoned or this node does not lead.
     */
    public CompletableFuture<TransferOutcome> transferLeadership(int target) {
        CompletableFuture<TransferOutcome> result = new CompletableFuture<>();
        offer(new NodeEvent.Transfer(target, result));
        return result;
    }

    /**
     * Tells the loop that the transport lost an established connection to {@code peer}
     * (see {@link RaftCore#peerUnreachable}). Never blocks; dropped if the inbox is full.
     */
    public void peerUnreachable(int peer) {
        if (running) {
            inbox.offer(new NodeEvent.PeerUnreachable(peer));
        }
    }

    /** Peer messages dropped because the inbox was full. */
    public long droppedMessages() {
        return droppedMessages.get();
    }

    /** Why the node stopped on an error, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Stops the node for good, from any thread, as a failure in its loop would: for an error
     * seen elsewhere that leaves the node unable to keep its promises (out of memory in a gRPC
     * or transport thread). The loop ends within a tick; the first reason given is kept.
     */
    public void failStop(String reason) {
        stopOnError(reason, null);
    }

    /** Waits until the loop has stopped (closed or failed). */
    public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** Stops the loop and fails whatever still waits on it. Idempotent. */
    @Override
    public void close() {
        running = false;
        if (Thread.currentThread() == loop) {
            return;
        }
        if (!loop.isAlive()) {
            if (stopped.getCount() > 0) {
                stopLoop(); // never started
            }
            return;
        }
        try {
            // No interrupt: it would close the WAL's file channel in the middle of a write.
            loop.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void offer(NodeEvent event) {
        if (!running) {
            event.fail(stoppedException());
            return;
        }
        if (!inbox.offer(event)) {
            event.fail(new ProposalException(Reason.OVERLOADED, "node " + id()
                    + " is overloaded (inbox full); try again"));
            return;
        }
        // The loop may have stopped and drained the inbox between the check and the offer.
        if (!running && inbox.remove(event)) {
            event.fail(stoppedException());
        }
    }

    private ProposalException stoppedException() {
        String reason = failure.get();
        return new ProposalException(Reason.STOPPED, "node " + id() + " has stopped"
                + (reason == null ? "" : ": " + reason));
    }

    // ---------------------------------------------------------------- the loop

    private void run() {
        long tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMs);
        long nextTickNanos = System.nanoTime() + tickNanos;
        long nextStorageCheckNanos = System.nanoTime();
        List<NodeEvent> batch = new ArrayList<>(MAX_EVENTS_PER_TURN);
        try {
            while (running) {
                long waitNanos = nextTickNanos - System.nanoTime();
                NodeEvent first = waitNanos > 0
                        ? inbox.poll(waitNanos, TimeUnit.NANOSECONDS) : inbox.poll();
                if (first != null) {
                    batch.add(first);
                    inbox.drainTo(batch, MAX_EVENTS_PER_TURN - 1);
                }
                for (NodeEvent event : batch) {
                    handle(event);
                }
                batch.clear();
                nextTickNanos = tickIfDue(nextTickNanos, tickNanos);
                nextStorageCheckNanos = checkStorageIfDue(nextStorageCheckNanos);
                handleReadies();
                proposals.settleLeadership();
                // One status per turn serves the waiting reads, the transfer and the publish.
                RaftStatus status = core.status();
                settleWaiters(status);
                publish(status);
            }
        } catch (StorageException e) {
            stopOnError("storage failure: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            stopOnError("event loop interrupted", null);
        } catch (OutOfMemoryError e) {
            stopOnError(FatalErrors.reason(e, "in the event loop"), e);
        } catch (RuntimeException | Error e) {
            stopOnError("internal error: " + e, e);
        } finally {
            stopLoop();
        }
    }

    private long tickIfDue(long nextTickNanos, long tickNanos) {
        long now = System.nanoTime();
        for (int ticks = 0; ticks < MAX_TICKS_PER_TURN && now - nextTickNanos >= 0; ticks++) {
            core.tick();
            nextTickNanos += tickNanos;
        }
        return now - nextTickNanos >= 0 ? now + tickNanos : nextTickNanos;
    }

    /** Before this turn's Readies: a deletion seen now stops the node before they leave. */
    private long checkStorageIfDue(long nextCheckNanos) {
        long now = System.nanoTime();
        if (now - nextCheckNanos < 0) {
            return nextCheckNanos;
        }
        storage.checkIntact();
        return now + STORAGE_CHECK_INTERVAL_NANOS;
    }

    private void handle(NodeEvent event) {
        if (event instanceof NodeEvent.Deliver deliver) {
            core.step(deliver.message());
        } else if (event instanceof NodeEvent.Propose propose) {
            handlePropose(propose);
        } else if (event instanceof NodeEvent.ReadLog readLog) {
            readLog.result().complete(core.entries(1, Long.MAX_VALUE));
        } else if (event instanceof NodeEvent.ReadIndex readIndex) {
            handleReadIndex(readIndex);
        } else if (event instanceof NodeEvent.PeerUnreachable unreachable) {
            core.peerUnreachable(unreachable.peer());
        } else if (event instanceof NodeEvent.Transfer transferEvent) {
            handleTransfer(transferEvent);
        } else if (event instanceof NodeEvent.ReadLocal readLocal) {
            Optional<byte[]> value = stateMachine.read(readLocal.key());
            readLocal.result().complete(new ApplyResult(stateMachine.lastApplied(), 0,
                    value.isPresent(), value.orElse(null)));
        }
    }

    private void handleReadIndex(NodeEvent.ReadIndex read) {
        long requestId = reads.nextRequestId();
        ReadIndexResult result = core.readIndex(requestId);
        if (result == ReadIndexResult.PENDING) {
            reads.add(requestId, read.key(), read.result(), core.term());
        } else if (result == ReadIndexResult.OVERLOADED) {
            read.result().completeExceptionally(new ProposalException(Reason.OVERLOADED,
                    "node " + id() + " has too many reads waiting; try again"));
        } else {
            read.result().completeExceptionally(ProposalException.notLeader(core));
        }
    }

    private void handleTransfer(NodeEvent.Transfer event) {
        if (transfer != null) {
            event.result().completeExceptionally(new IllegalStateException(
                    "a leadership transfer is already in progress"));
            return;
        }
        TransferResult result = core.transferLeadership(event.target());
        switch (result) {
            case STARTED -> transfer = new PendingTransfer(event.target(), event.result());
            case ALREADY_LEADER -> event.result().complete(
                    new TransferOutcome(event.target(), core.term()));
            case UNKNOWN_MEMBER -> event.result().completeExceptionally(
                    new IllegalArgumentException("node " + event.target()
                            + " is not a member of the cluster"));
            default -> event.result().completeExceptionally(ProposalException.notLeader(core));
        }
    }

    private void handlePropose(NodeEvent.Propose propose) {
        proposals.propose(propose.command(), propose.stamp(), propose.result());
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
                transport.accept(withSnapshotData(early));
            }
            if (ready.hardState() != null || !ready.entries().isEmpty()) {
                if (storage.save(ready.hardState(), ready.entries())) {
                    persistStats.saved(ready.entries().size());
                }
            }
            proposals.logReplaced(ready.entries());
            List<Message> late = ready.messagesAfterPersist();
            if (!late.isEmpty()) {
                transport.accept(late);
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
        LOGGER.log(Level.DEBUG, () -> "node " + id() + " took a snapshot at index " + applied
                + " (" + taken.data().length + " bytes) and compacted its log");
        return true;
    }

    private void refreshLogTail() {
        long last = core.status().lastLogIndex();
        logTail.update(core.entries(Math.max(1, last - LogTail.CAPACITY + 1), last));
    }

    private void publish() {
        publish(core.status());
    }

    private void publish(RaftStatus status) {
        logRoleChange(status);
        snapshot = new NodeSnapshot(status, logTail.entries(), links.cut(), tickMs,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos), failure.get(),
                snapshotsInstalled, persistStats.saves(), persistStats.entries());
    }

    /** Operators read elections from the log: every change of role or term, once. */
    private void logRoleChange(RaftStatus status) {
        NodeSnapshot previous = snapshot;
        if (previous != null && previous.raft().role() == status.role()
                && previous.raft().term() == status.term()) {
            return;
        }
        if (status.role() == Role.LEADER) {
            LOGGER.log(Level.INFO, "node " + id() + " is leader of term " + status.term());
        } else if (status.role() == Role.CANDIDATE) {
            LOGGER.log(Level.INFO, "node " + id() + " starts an election for term "
                    + status.term());
        } else if (previous != null && previous.raft().role() == Role.LEADER) {
            LOGGER.log(Level.INFO, "node " + id() + " steps down in term " + status.term());
        }
    }

    /**
     * Marks the node failed before anything that may need memory, then logs and tells the
     * failure handler once. Out of memory, logging may fail; stopping must not.
     */
    private void stopOnError(String reason, Throwable error) {
        boolean first = failure.compareAndSet(null, reason);
        running = false;
        if (!first) {
            return;
        }
        logQuietly("node " + id() + " stopped: ", reason, error);
        try {
            onFailure.accept(reason);
        } catch (RuntimeException | OutOfMemoryError e) {
            logQuietly("failure handler of node " + id() + " failed: ", reason, e);
        }
    }

    /** Logs an error unless that fails too (no memory left): the status keeps the reason. */
    private static void logQuietly(String what, String reason, Throwable error) {
        try {
            LOGGER.log(Level.ERROR, what + reason, error);
        } catch (RuntimeException | OutOfMemoryError e) {
            // Nothing left to say it with.
        }
    }

    /** Runs once the loop is over: nothing may wait forever on a stopped node. */
    private void stopLoop() {
        running = false;
        try {
            ProposalException cause = stoppedException();
            proposals.failAll(cause);
            reads.failAll(cause);
            if (transfer != null) {
                transfer.fail(cause);
            }
            List<NodeEvent> left = new ArrayList<>();
            inbox.drainTo(left);
            left.forEach(event -> event.fail(cause));
            publish();
        } finally {
            stopped.countDown();
        }
    }
}
