package io.raftdeck.service;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.raftdeck.core.Snapshot;
import io.raftdeck.proto.v1.SnapshotChunk;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Streams a snapshot as {@link SnapshotChunk}s: the first names its index, term and size, the
 * last carries the SHA-256 of the data. Sent as the client reads (gRPC's onReady), so a slow
 * reader holds back the stream instead of queueing the whole snapshot a second time in memory.
 */
final class SnapshotChunks {

    static final int CHUNK_BYTES = 1 << 20;

    private final ServerCallStreamObserver<SnapshotChunk> observer;
    private final MessageDigest digest = sha256();
    /** Null until the node has taken the snapshot. */
    private Snapshot snapshot;
    private int offset;
    private boolean done;

    private SnapshotChunks(ServerCallStreamObserver<SnapshotChunk> observer) {
        this.observer = observer;
    }

    /**
     * Takes over {@code observer}'s flow control. Must run in the call's handler itself: gRPC
     * accepts an onReady handler only there, before the snapshot exists.
     */
    static SnapshotChunks attach(StreamObserver<SnapshotChunk> observer) {
        ServerCallStreamObserver<SnapshotChunk> call =
                (ServerCallStreamObserver<SnapshotChunk>) observer;
        SnapshotChunks chunks = new SnapshotChunks(call);
        call.setOnReadyHandler(chunks::sendWhileReady);
        return chunks;
    }

    /** Starts sending {@code taken}; returns at once, the rest follows as the client reads. */
    synchronized void send(Snapshot taken) {
        snapshot = taken;
        sendWhileReady();
    }

    /** Ends the call with {@code failure} instead of a snapshot. */
    synchronized void fail(Throwable failure) {
        done = true;
        observer.onError(failure);
    }

    private synchronized void sendWhileReady() {
        while (snapshot != null && !done && observer.isReady() && !observer.isCancelled()) {
            byte[] data = snapshot.data();
            int length = Math.min(CHUNK_BYTES, data.length - offset);
            digest.update(data, offset, length);
            SnapshotChunk.Builder chunk = SnapshotChunk.newBuilder()
                    .setData(ByteString.copyFrom(data, offset, length));
            if (offset == 0) {
                chunk.setIndex(snapshot.index()).setTerm(snapshot.term())
                        .setTotalBytes(data.length);
            }
            offset += length;
            done = offset == data.length;
            if (done) {
                chunk.setSha256(ByteString.copyFrom(digest.digest()));
            }
            observer.onNext(chunk.build());
            if (done) {
                observer.onCompleted();
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
