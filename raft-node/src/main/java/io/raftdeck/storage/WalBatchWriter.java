package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * Encodes a save batch into one reused direct buffer and writes it with as few calls as the
 * buffer allows: usually one. The buffer only grows past its initial size for a record that
 * would not fit, so memory stays bounded by the largest entry, not the batch.
 */
final class WalBatchWriter {

    private static final int INITIAL_BUFFER_BYTES = 1 << 20;

    private final WalRecordCodec codec = new WalRecordCodec();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(INITIAL_BUFFER_BYTES);

    /**
     * Writes a snapshot marker (may be null: the entries of the batch follow the snapshot, so
     * they must replay after it), the entries, then the hard state (so a durable hard state
     * never points past durable entries), at {@code position}. Does not sync.
     *
     * @param syncedEnd the offset up to which the segment is synced, stamped on every record
     * @return bytes written
     */
    long write(FileChannel channel, long position, int syncedEnd, SnapshotMarker marker,
               HardState hardState, List<Entry> entries) throws IOException {
        long written = 0;
        buffer.clear();
        if (marker != null) {
            written += makeRoom(channel, position, WalRecordCodec.SNAPSHOT_RECORD_BYTES);
            codec.writeSnapshotMarker(buffer, marker, syncedEnd);
        }
        for (Entry entry : entries) {
            written += makeRoom(channel, position + written,
                    WalRecordCodec.entryRecordBytes(entry));
            codec.writeEntry(buffer, entry, syncedEnd);
        }
        if (hardState != null) {
            written += makeRoom(channel, position + written,
                    WalRecordCodec.HARD_STATE_RECORD_BYTES);
            codec.writeHardState(buffer, hardState, syncedEnd);
        }
        return written + flush(channel, position + written);
    }

    /**
     * Writes a SEAL record naming {@code nextSequence} at {@code position}, in the segment's
     * {@code format} (a segment of the earlier format is finished in its own layout). Does not
     * sync.
     */
    long writeSeal(FileChannel channel, long position, int syncedEnd, long nextSequence,
                   int format) throws IOException {
        buffer.clear();
        WalRecordCodec sealCodec = format == WalSegment.FORMAT_SYNCED_END ? codec
                : new WalRecordCodec(format);
        sealCodec.writeSeal(buffer, nextSequence, syncedEnd);
        return flush(channel, position);
    }

    /** Flushes and, for an oversized record, grows the buffer; returns bytes flushed. */
    private long makeRoom(FileChannel channel, long position, int recordBytes)
            throws IOException {
        if (buffer.remaining() >= recordBytes) {
            return 0;
        }
        long flushed = flush(channel, position);
        if (buffer.capacity() < recordBytes) {
            buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(recordBytes - 1) << 1);
        }
        return flushed;
    }

    private long flush(FileChannel channel, long position) throws IOException {
        buffer.flip();
        long flushed = 0;
        while (buffer.hasRemaining()) {
            flushed += channel.write(buffer, position + flushed);
        }
        buffer.clear();
        return flushed;
    }
}
