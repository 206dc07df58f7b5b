package io.raftdeck.transport;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.raftdeck.core.Message.InstallSnapshot;
import io.raftdeck.proto.v1.PeerMessage;
import io.raftdeck.proto.v1.PeerServiceGrpc;
import io.raftdeck.proto.v1.StreamClosed;
import java.lang.System.Logger.Level;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The outgoing half of one peer link: a bounded queue drained into one client stream of
 * {@code PeerService.Stream}. {@link #enqueue} never blocks and never throws: when the queue is
 * full the oldest message is dropped (Raft resends what matters, and fresh messages are worth
 * more than stale ones). A broken stream is reopened on the next send after a backoff that
 * doubles from {@link #INITIAL_BACKOFF_MS} to {@link #MAX_BACKOFF_MS} and resets once a stream
 * is ready again.
 *
 * <p>A snapshot goes out beside the queue, one chunk at a time whenever the stream is ready
 * and no other message waits, so heartbeats keep flowing during a long transfer and memory
 * holds one snapshot per peer, not its chunks. A request for the snapshot already on its way
 * is ignored; once it went out whole, the same snapshot is sent again only after
 * {@link #SNAPSHOT_RESEND_AFTER_MS} (its answer may still be coming). A broken stream drops
 * it, like the queue.
 */
final class PeerLink {

    static final long INITIAL_BACKOFF_MS = 20;
    static final long MAX_BACKOFF_MS = 100;
    static final long SNAPSHOT_RESEND_AFTER_MS = 1_000;
    /** A peer that refused this node's identity refuses it again until its data changes. */
    static final long REFUSED_BACKOFF_MS = 1_000;

    private final int selfId;
    /** Told when a stream that had been ready breaks: the peer's process may be gone. */
    private final IntConsumer onLost;
    private final int peer;
    private final PeerChannels channels;
    private final PeerServiceGrpc.PeerServiceStub stub;
    private final ArrayBlockingQueue<PeerMessage> queue;
    private final RateLimitedLog log;
    private final IdentityRefusals refusals;
    /** Null when this node tells its peers nothing about incarnations (tests, tools). */
    private final IncarnationGossip gossip;
    /** What the current stream was last told; -1 for a new stream, which is told at once. */
    private long toldVersion = -1;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicReference<ClientCallStreamObserver<PeerMessage>> stream =
            new AtomicReference<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<SnapshotTransfer> snapshot = new AtomicReference<>();
    private volatile long reopenNotBeforeNanos;
    private volatile long backoffMs = INITIAL_BACKOFF_MS;
    private volatile boolean closed;

    PeerLink(int selfId, int peer, PeerChannels channels, int queueCapacity,
             RateLimitedLog log, IntConsumer onLost, IdentityRefusals refusals,
             IncarnationGossip gossip) {
        this.onLost = onLost;
        this.refusals = refusals;
        this.gossip = gossip;
        this.selfId = selfId;
        this.peer = peer;
        this.channels = channels;
        this.stub = PeerServiceGrpc.newStub(channels.channel(peer).orElseThrow());
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.log = log;
    }

    void enqueue(PeerMessage message) {
        if (closed) {
            return;
        }
        while (!queue.offer(message)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
        drain();
    }

    /** Starts sending {@code install}'s snapshot, unless that very snapshot is on its way. */
    void sendSnapshot(InstallSnapshot install) {
        if (closed) {
            return;
        }
        SnapshotTransfer current = snapshot.get();
        if (current != null && current.sends(install) && !current.completedBefore(
                TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_RESEND_AFTER_MS))) {
            return;
        }
        snapshot.set(new SnapshotTransfer(install));
        drain();
    }

    /** Messages dropped because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    /**
     * Moves queued messages into the stream while it can take them. Runs on whichever thread
     * calls it (the node loop, or gRPC's executor when the stream becomes ready); the flag
     * keeps one drainer at a time, and the re-check after releasing it keeps a message that
     * arrived meanwhile from waiting for the next send.
     */
    private void drain() {
        while (draining.compareAndSet(false, true)) {
            ClientCallStreamObserver<PeerMessage> current = null;
            try {
                current = streamOrReopen();
                while (current != null && current.isReady()) {
                    PeerMessage next = queue.poll();
                    if (next == null) {
                        next = nextSnapshotChunk(current);
                    }
                    if (next == null) {
                        break;
                    }
                    current.onNext(told(next));
                }
            } catch (RuntimeException e) {
                streamFailed(current, Status.fromThrowable(e), null, false);
            } finally {
                draining.set(false);
            }
            current = stream.get();
            if (closed || current == null || !current.isReady()
                    || (queue.isEmpty() && !hasSnapshotChunk())) {
                return;
            }
        }
    }

    /** {@code next}, telling what this node knows if the stream has not heard it yet. */
    private PeerMessage told(PeerMessage next) {
        if (gossip == null) {
            return next;
        }
        long version = gossip.version();
        if (version <= toldVersion) {
            return next;
        }
        toldVersion = version; // what it attaches is at least that new
        return gossip.attachedTo(next);
    }

    private PeerMessage nextSnapshotChunk(ClientCallStreamObserver<PeerMessage> onStream) {
        SnapshotTransfer transfer = snapshot.get();
        return transfer == null ? null : transfer.nextChunk(onStream);
    }

    private boolean hasSnapshotChunk() {
        SnapshotTransfer transfer = snapshot.get();
        return transfer != null && transfer.hasChunk();
    }

    private ClientCallStreamObserver<PeerMessage> streamOrReopen() {
        ClientCallStreamObserver<PeerMessage> current = stream.get();
        if (current != null || closed || System.nanoTime() - reopenNotBeforeNanos < 0) {
            return current;
        }
        channels.reconnectNow(peer);
        toldVersion = -1;
        // beforeStart publishes the new stream before the call can fail, so a failure that
        // arrives at once still finds and clears it.
        stub.stream(new StreamCallbacks());
        return stream.get();
    }

    private void streamFailed(ClientCallStreamObserver<PeerMessage> failed, Status status,
                              Metadata trailers, boolean wasReady) {
        if (failed == null || !stream.compareAndSet(failed, null)) {
            return;
        }
        boolean refused = IncarnationCheck.isRefusal(trailers);
        if (wasReady && !closed) {
            onLost.accept(peer);
        }
        long backoff = refused ? REFUSED_BACKOFF_MS : backoffMs;
        reopenNotBeforeNanos = System.nanoTime() + backoff * 1_000_000L;
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        // What waited for a dead peer is stale by the time it returns (a vote for a long-gone
        // election, heartbeats of an old leader): Raft resends what still matters.
        int stale = 0;
        while (queue.poll() != null) {
            stale++;
        }
        dropped.addAndGet(stale);
        // A half-sent snapshot is dropped too: the leader asks again if it still needs it.
        snapshot.set(null);
        if (refused) {
            refusals.refusedBy(peer);
            log.log(Level.WARNING, "refused-by-" + peer, () -> "node " + selfId + ": "
                    + status.getDescription());
        } else if (!closed) {
            log.log(Level.INFO, peer, () -> "node " + selfId + ": stream to node " + peer
                    + " broke ("
                    + status.getCode() + describe(status) + "); retrying in " + backoff + " ms");
        }
    }

    private static String describe(Status status) {
        return status.getDescription() == null ? "" : ": " + status.getDescription();
    }

    void close() {
        closed = true;
        ClientCallStreamObserver<PeerMessage> current = stream.getAndSet(null);
        if (current != null) {
            current.cancel("transport closed", null);
        }
        queue.clear();
        snapshot.set(null);
    }

    /** Callbacks of one stream; they only ever affect the stream they belong to. */
    private final class StreamCallbacks
            implements ClientResponseObserver<PeerMessage, StreamClosed> {

        private ClientCallStreamObserver<PeerMessage> requestStream;
        /** Set once the stream was ready to send: it reached a live peer. */
        private volatile boolean wasReady;

        @Override
        public void beforeStart(ClientCallStreamObserver<PeerMessage> requestStream) {
            this.requestStream = requestStream;
            stream.set(requestStream);
            requestStream.setOnReadyHandler(() -> {
                wasReady = true;
                backoffMs = INITIAL_BACKOFF_MS;
                drain();
            });
        }

        @Override
        public void onNext(StreamClosed value) {
        }

        @Override
        public void onError(Throwable error) {
            streamFailed(requestStream, Status.fromThrowable(error),
                    Status.trailersFromThrowable(error), wasReady);
        }

        @Override
        public void onCompleted() {
            streamFailed(requestStream, Status.UNAVAILABLE.withDescription("peer closed stream"),
                    null, wasReady);
        }
    }
}
