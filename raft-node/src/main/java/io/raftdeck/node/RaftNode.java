package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.core.Message;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Snapshot;
import io.raftdeck.events.EventHub;
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
 * The production driver of a {@link NodeLoop}: the one thread that touches the node's core,
 * storage and state machine. Other threads talk to it through a bounded inbox and read its
 * state from an immutable {@link NodeSnapshot} published after every turn.
 *
 * <p>Each turn: take up to {@link #MAX_EVENTS_PER_TURN} events and hand them to the loop,
 * feed it the ticks that fell due on the system clock, and end the loop's turn (which persists,
 * sends, applies and answers; see {@link NodeLoop}). A storage failure stops the node for good:
 * it cannot promise durability any more. So does any other error in the loop, an
 * OutOfMemoryError included, and {@link #failStop} from any thread: the node then keeps only its
 * last status, with the reason, and a supervisor restarts it.
 */
public final class RaftNode implements AutoCloseable {

    public static final int DEFAULT_INBOX_CAPACITY = 4096;
    static final int MAX_EVENTS_PER_TURN = 256;
    /** After a stall, catch up at most this many ticks at once instead of a burst. */
    static final int MAX_TICKS_PER_TURN = 4;
    /** Callers waiting for entries at once: proposals and the retries attached to them. */
    static final int MAX_PENDING_PROPOSALS = 16_384;
    private static final long CLOSE_WAIT_MS = 5_000;
    private static final System.Logger LOGGER = System.getLogger(RaftNode.class.getName());

    private final int id;
    private final NodeLoop loop;
    private final int tickMs;
    private final Consumer<String> onFailure;
    private final ArrayBlockingQueue<NodeEvent> inbox;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong droppedMessages = new AtomicLong();
    private volatile boolean running = true;
    /** Why the node stopped on an error; the first reason is kept. */
    private final AtomicReference<String> failure = new AtomicReference<>();
    private volatile NodeSnapshot snapshot;
    /** System.nanoTime() when the loop last published its status: once a turn, at least a tick. */
    private volatile long lastTurnNanos = System.nanoTime();

    private final EventHub events;

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
        this(core, storage, stateMachine, recoveredSnapshot, snapshotThresholdEntries, transport,
                links, tickMs, inboxCapacity, onFailure, NodeConfig.DEFAULT_QUOTA_BYTES);
    }

    /** @param quotaBytes the store's quota this node proposes while it leads */
    public RaftNode(RaftCore core, RaftStorage storage, KeyValueStore stateMachine,
                    Snapshot recoveredSnapshot, int snapshotThresholdEntries,
                    Consumer<List<Message>> transport, LinkFilter links, int tickMs,
                    int inboxCapacity, Consumer<String> onFailure, long quotaBytes) {
        this.id = core.id();
        this.loop = new NodeLoop(core, storage, stateMachine, recoveredSnapshot,
                snapshotThresholdEntries, transport, links, tickMs, NodeClock.SYSTEM,
                MAX_PENDING_PROPOSALS, quotaBytes);
        this.events = new EventHub(id, System::currentTimeMillis);
        this.loop.reportTo(events);
        this.tickMs = tickMs;
        this.onFailure = onFailure;
        this.inbox = new ArrayBlockingQueue<>(inboxCapacity);
        this.thread = new Thread(this::run, "raft-node-" + id);
        this.thread.setDaemon(true);
        publish(loop.status());
    }

    /** Starts the event loop. */
    public void start() {
        thread.start();
    }

    public int id() {
        return id;
    }

    /** What the node does and why, for subscribers; ends when the node stops. */
    public EventHub events() {
        return events;
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
     * A snapshot of this leader's state machine, for a backup: consistent (the applied state at
     * one log index, with the term of that entry) and, taken after a completed {@link #read},
     * holding every write acknowledged before that read. Fails with NOT_LEADER on a follower.
     */
    public CompletableFuture<Snapshot> takeSnapshot() {
        CompletableFuture<Snapshot> result = new CompletableFuture<>();
        offer(new NodeEvent.TakeSnapshot(result));
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

    /** What the loop counts beside its status (leader changes, snapshots, fsync times). */
    public NodeCounters counters() {
        return loop.counters();
    }

    /**
     * Whether the loop is alive: running, and it finished a turn within {@code withinNanos}
     * (it turns at least once a tick, so a loop stuck in a call or a deadlock falls behind).
     */
    public boolean turnedWithin(long withinNanos) {
        return running && System.nanoTime() - lastTurnNanos <= withinNanos;
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
        if (Thread.currentThread() == thread) {
            return;
        }
        if (!thread.isAlive()) {
            if (stopped.getCount() > 0) {
                stopLoop(); // never started
            }
            return;
        }
        try {
            // No interrupt: it would close the WAL's file channel in the middle of a write.
            thread.join(CLOSE_WAIT_MS);
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

    // ---------------------------------------------------------------- the thread

    private void run() {
        long tickNanos = TimeUnit.MILLISECONDS.toNanos(tickMs);
        long nextTickNanos = System.nanoTime() + tickNanos;
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
                publish(loop.endTurn());
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
            loop.tick();
            nextTickNanos += tickNanos;
        }
        return now - nextTickNanos >= 0 ? now + tickNanos : nextTickNanos;
    }

    private void handle(NodeEvent event) {
        if (event instanceof NodeEvent.Deliver deliver) {
            loop.step(deliver.message());
        } else if (event instanceof NodeEvent.Propose propose) {
            loop.propose(propose.command(), propose.stamp(), propose.result());
        } else if (event instanceof NodeEvent.ReadLog readLog) {
            loop.readLog(readLog.result());
        } else if (event instanceof NodeEvent.ReadIndex readIndex) {
            loop.readIndex(readIndex.key(), readIndex.result());
        } else if (event instanceof NodeEvent.PeerUnreachable unreachable) {
            loop.peerUnreachable(unreachable.peer());
        } else if (event instanceof NodeEvent.Transfer transfer) {
            loop.transferLeadership(transfer.target(), transfer.result());
        } else if (event instanceof NodeEvent.ReadLocal readLocal) {
            loop.readLocal(readLocal.key(), readLocal.result());
        } else if (event instanceof NodeEvent.TakeSnapshot takeSnapshot) {
            loop.takeSnapshot(takeSnapshot.result());
        }
    }

    /** A failure seen during the turn shows in the status it publishes, not only the next. */
    private void publish(NodeSnapshot status) {
        String reason = failure.get();
        snapshot = reason == null ? status : status.withFailure(reason);
        lastTurnNanos = System.nanoTime();
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
            loop.stop(cause);
            List<NodeEvent> left = new ArrayList<>();
            inbox.drainTo(left);
            left.forEach(event -> event.fail(cause));
            publish(loop.status());
        } finally {
            events.close();
            stopped.countDown();
        }
    }
}
