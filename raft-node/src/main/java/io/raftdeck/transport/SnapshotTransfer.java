package io.raftdeck.transport;

import io.raftdeck.core.Message.InstallSnapshot;
import io.raftdeck.proto.v1.PeerMessage;
import java.util.zip.CRC32C;

/**
 * One snapshot on its way to one peer, cut into chunks of at most {@link #CHUNK_BYTES} as the
 * stream can take them, so only one chunk at a time is held as a message. An unfinished
 * transfer belongs to one stream: if the stream is replaced, the chunks start again at offset
 * 0, because the receiver drops a snapshot whose offsets skip. A finished one is sent again
 * only when the leader asks again.
 *
 * <p>Chunks are taken by one drainer at a time (see {@link PeerLink}); the rest may read the
 * state from any thread.
 */
final class SnapshotTransfer {

    /** Size of one chunk: well under the smallest gRPC message limit a node accepts. */
    static final int CHUNK_BYTES = 256 * 1024;

    private final InstallSnapshot install;
    private final int checksum;
    private Object stream;
    private int nextOffset;
    private volatile boolean complete;
    private volatile long completedAtNanos;

    SnapshotTransfer(InstallSnapshot install) {
        this.install = install;
        CRC32C crc = new CRC32C();
        crc.update(install.data());
        this.checksum = (int) crc.getValue();
    }

    /** Whether {@code other} asks for the very snapshot this transfer sends, in the same term. */
    boolean sends(InstallSnapshot other) {
        return other.lastIncludedIndex() == install.lastIncludedIndex()
                && other.lastIncludedTerm() == install.lastIncludedTerm()
                && other.term() == install.term() && other.data().length == install.data().length;
    }

    /** Whether every chunk went out at least {@code nanos} ago. */
    boolean completedBefore(long nanos) {
        return complete && System.nanoTime() - completedAtNanos >= nanos;
    }

    boolean hasChunk() {
        return !complete;
    }

    /** The next chunk to send on {@code onStream}, or null when all went out. */
    PeerMessage nextChunk(Object onStream) {
        if (complete) {
            return null;
        }
        if (stream != onStream) {
            stream = onStream;
            nextOffset = 0;
        }
        int length = Math.min(CHUNK_BYTES, install.data().length - nextOffset);
        PeerMessage chunk = MessageCodec.encodeSnapshotChunk(install, nextOffset, length,
                checksum);
        nextOffset += length;
        if (nextOffset == install.data().length) {
            completedAtNanos = System.nanoTime();
            complete = true;
        }
        return chunk;
    }
}
