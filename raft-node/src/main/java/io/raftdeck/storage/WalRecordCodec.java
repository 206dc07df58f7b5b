package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.HardState;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Byte layout of one WAL record, big-endian, in the format of its segment's header
 * ({@link WalSegment#FORMAT_SYNCED_END}, written now):
 * <pre>
 *   byte type            a {@link WalRecordType}, never 0: the first byte is never zero
 *   int  payloadLength   bytes between the header and the trailer
 *   int  syncedEnd       the offset in this segment up to which its data had been synced
 *                        (an fdatasync had returned) when this record was written
 *   int  headerCrc       crc32c over the 9 bytes above, so a damaged length is never trusted
 *   ...  payload
 *   int  crc             crc32c over everything before it
 * </pre>
 * {@code syncedEnd} is what lets recovery tell a torn write from damage to synced data
 * ({@link WalSegmentReader}). The non-zero type first and a checksum last make a sector piece
 * of a record that reads all zeros a sign that the sector was never written, not payload that
 * happens to be zeros: the piece at either end holds type or checksum bytes.
 *
 * <p>Segments of {@link WalSegment#FORMAT_CHECKSUMMED} (written by earlier versions) hold
 * {@code int payloadLength, int crc32c (over type and payload), byte type, payload}; they are
 * read, and a seal is still written in that layout to finish such a segment, nothing else.
 *
 * <p>ENTRY payload: long index, long term, byte entryType, data. HARD_STATE payload: long
 * term, int votedFor, long commitIndex. SNAPSHOT payload: long index, long term, byte
 * replacesLog (0 or 1). SEAL payload: long nextSequence. One instance per thread: it reuses
 * its checksum.
 */
final class WalRecordCodec {

    /** Type, length, synced end and header checksum, before the payload. */
    static final int HEADER_BYTES = 13;
    static final int TRAILER_BYTES = 4;
    static final int FRAME_BYTES = HEADER_BYTES + TRAILER_BYTES;
    static final int CHECKSUMMED_HEADER_BYTES = 9;
    /** Bound on a record's length so a garbage length field is reported, not allocated. */
    static final int MAX_PAYLOAD_BYTES = 64 << 20;
    static final int ENTRY_FIXED_BYTES = 17;
    static final int HARD_STATE_PAYLOAD_BYTES = 20;
    static final int HARD_STATE_RECORD_BYTES = FRAME_BYTES + HARD_STATE_PAYLOAD_BYTES;
    static final int SNAPSHOT_PAYLOAD_BYTES = 17;
    static final int SNAPSHOT_RECORD_BYTES = FRAME_BYTES + SNAPSHOT_PAYLOAD_BYTES;
    static final int SEAL_PAYLOAD_BYTES = 8;
    static final int SEAL_RECORD_BYTES = FRAME_BYTES + SEAL_PAYLOAD_BYTES;
    static final int CHECKSUMMED_SEAL_RECORD_BYTES =
            CHECKSUMMED_HEADER_BYTES + SEAL_PAYLOAD_BYTES;

    // Entry types by explicit code, not ordinal: reordering the enum must not change the disk.
    private static final byte COMMAND_CODE = 1;
    private static final byte NOOP_CODE = 2;

    private final CRC32C checksum = new CRC32C();
    private final int format;
    private final int headerBytes;
    private final int frameBytes;

    /** A codec for the current format. */
    WalRecordCodec() {
        this(WalSegment.FORMAT_SYNCED_END);
    }

    /** @param format a segment format version from {@link WalSegment} */
    WalRecordCodec(int format) {
        if (format != WalSegment.FORMAT_SYNCED_END && format != WalSegment.FORMAT_CHECKSUMMED) {
            throw new IllegalArgumentException("unknown WAL format " + format);
        }
        this.format = format;
        this.headerBytes = format == WalSegment.FORMAT_SYNCED_END ? HEADER_BYTES
                : CHECKSUMMED_HEADER_BYTES;
        this.frameBytes = format == WalSegment.FORMAT_SYNCED_END ? FRAME_BYTES
                : CHECKSUMMED_HEADER_BYTES;
    }

    /** Whether records carry their synced end (the current format). */
    boolean recordsSyncedEnd() {
        return format == WalSegment.FORMAT_SYNCED_END;
    }

    /** The smallest record: a header (and trailer) around an empty payload. */
    int frameBytes() {
        return frameBytes;
    }

    static int entryRecordBytes(Entry entry) {
        return FRAME_BYTES + ENTRY_FIXED_BYTES + entry.data().length;
    }

    /** Appends one ENTRY record; {@code out} has room for {@link #entryRecordBytes}. */
    void writeEntry(ByteBuffer out, Entry entry, int syncedEnd) {
        int start = beginRecord(out, WalRecordType.ENTRY);
        out.putLong(entry.index()).putLong(entry.term()).put(entryTypeCode(entry.type()));
        out.put(entry.data());
        finishRecord(out, start, syncedEnd);
    }

    /** Appends one HARD_STATE record; {@code out} has {@link #HARD_STATE_RECORD_BYTES} free. */
    void writeHardState(ByteBuffer out, HardState hardState, int syncedEnd) {
        int start = beginRecord(out, WalRecordType.HARD_STATE);
        out.putLong(hardState.term()).putInt(hardState.votedFor())
                .putLong(hardState.commitIndex());
        finishRecord(out, start, syncedEnd);
    }

    /** Appends one SNAPSHOT record; {@code out} has {@link #SNAPSHOT_RECORD_BYTES} free. */
    void writeSnapshotMarker(ByteBuffer out, SnapshotMarker marker, int syncedEnd) {
        int start = beginRecord(out, WalRecordType.SNAPSHOT);
        out.putLong(marker.index()).putLong(marker.term())
                .put((byte) (marker.replacesLog() ? 1 : 0));
        finishRecord(out, start, syncedEnd);
    }

    /** Appends one SEAL record; {@code out} has {@link #SEAL_RECORD_BYTES} free. */
    void writeSeal(ByteBuffer out, long nextSequence, int syncedEnd) {
        int start = beginRecord(out, WalRecordType.SEAL);
        out.putLong(nextSequence);
        finishRecord(out, start, syncedEnd);
    }

    /**
     * Checks the frame of the record at {@code offset}: header intact, bounded length, fully
     * present, checksum right. Returns null when it is sound, else what is wrong. The type is
     * not checked here: a sound frame of an unknown type was written whole, so it is
     * corruption (or a newer format), never a torn write.
     */
    String frameProblem(byte[] bytes, int offset, int end) {
        if (end - offset < headerBytes) {
            return "incomplete record header (" + (end - offset) + " of " + headerBytes
                    + " bytes)";
        }
        int payloadLength = payloadLength(bytes, offset);
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_BYTES) {
            return "record length " + payloadLength + " out of bounds (max "
                    + MAX_PAYLOAD_BYTES + ")";
        }
        if (recordsSyncedEnd() && !headerChecksumMatches(bytes, offset)) {
            return "record header checksum mismatch";
        }
        long available = (long) end - offset - frameBytes;
        if (payloadLength > available) {
            return "incomplete record (length " + payloadLength + ", " + Math.max(0, available)
                    + " bytes left)";
        }
        return checksumMatches(bytes, offset, payloadLength) ? null : "checksum mismatch";
    }

    /**
     * Whether the header at {@code offset} can be trusted (its own checksum matches and its
     * length is in bounds), so the record's extent is known even when its payload is damaged.
     * Always false for the older format, whose header has no checksum of its own.
     */
    boolean headerSound(byte[] bytes, int offset, int end) {
        if (!recordsSyncedEnd() || end - offset < headerBytes) {
            return false;
        }
        int payloadLength = payloadLength(bytes, offset);
        return payloadLength >= 0 && payloadLength <= MAX_PAYLOAD_BYTES
                && headerChecksumMatches(bytes, offset);
    }

    int payloadLength(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).getInt(offset + (recordsSyncedEnd() ? 1 : 0));
    }

    /** The length of the record at {@code offset}, frame included. */
    int recordBytes(byte[] bytes, int offset) {
        return frameBytes + payloadLength(bytes, offset);
    }

    int type(byte[] bytes, int offset) {
        return bytes[recordsSyncedEnd() ? offset : offset + 8];
    }

    /** The synced end the record at {@code offset} carries (current format only). */
    static int syncedEnd(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).getInt(offset + 5);
    }

    /** Decodes a sound ENTRY frame; throws IllegalArgumentException saying what is invalid. */
    Entry readEntry(byte[] bytes, int offset) {
        int payloadLength = payloadLength(bytes, offset);
        if (payloadLength < ENTRY_FIXED_BYTES) {
            throw new IllegalArgumentException("entry record too short (" + payloadLength
                    + " bytes)");
        }
        ByteBuffer view = payload(bytes, offset);
        long index = view.getLong();
        long term = view.getLong();
        EntryType type = entryType(view.get());
        int dataStart = view.position();
        byte[] data = Arrays.copyOfRange(bytes, dataStart, dataStart + view.remaining());
        return new Entry(index, term, type, data);
    }

    /** Decodes a sound HARD_STATE frame; throws IllegalArgumentException if invalid. */
    HardState readHardState(byte[] bytes, int offset) {
        requirePayload(bytes, offset, HARD_STATE_PAYLOAD_BYTES, "hard state");
        ByteBuffer view = payload(bytes, offset);
        return new HardState(view.getLong(), view.getInt(), view.getLong());
    }

    /** Decodes a sound SNAPSHOT frame; throws IllegalArgumentException if invalid. */
    SnapshotMarker readSnapshotMarker(byte[] bytes, int offset) {
        requirePayload(bytes, offset, SNAPSHOT_PAYLOAD_BYTES, "snapshot");
        ByteBuffer view = payload(bytes, offset);
        long index = view.getLong();
        long term = view.getLong();
        byte replacesLog = view.get();
        if (replacesLog != 0 && replacesLog != 1) {
            throw new IllegalArgumentException("snapshot record has a bad kind " + replacesLog);
        }
        return new SnapshotMarker(index, term, replacesLog == 1);
    }

    /** Decodes a sound SEAL frame: the sequence of the segment created before it. */
    long readSeal(byte[] bytes, int offset) {
        requirePayload(bytes, offset, SEAL_PAYLOAD_BYTES, "seal");
        return payload(bytes, offset).getLong();
    }

    private void requirePayload(byte[] bytes, int offset, int expected, String kind) {
        int payloadLength = payloadLength(bytes, offset);
        if (payloadLength != expected) {
            throw new IllegalArgumentException(kind + " record has " + payloadLength
                    + " bytes, not " + expected);
        }
    }

    private ByteBuffer payload(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes, offset + headerBytes, payloadLength(bytes, offset));
    }

    private boolean headerChecksumMatches(byte[] bytes, int offset) {
        checksum.reset();
        checksum.update(bytes, offset, 9);
        return (int) checksum.getValue() == ByteBuffer.wrap(bytes).getInt(offset + 9);
    }

    private boolean checksumMatches(byte[] bytes, int offset, int payloadLength) {
        checksum.reset();
        if (recordsSyncedEnd()) {
            int covered = HEADER_BYTES + payloadLength;
            checksum.update(bytes, offset, covered);
            return (int) checksum.getValue() == ByteBuffer.wrap(bytes).getInt(offset + covered);
        }
        checksum.update(bytes, offset + 8, 1 + payloadLength);
        return (int) checksum.getValue() == ByteBuffer.wrap(bytes).getInt(offset + 4);
    }

    private int beginRecord(ByteBuffer out, byte type) {
        int start = out.position();
        if (recordsSyncedEnd()) {
            out.put(type);
            out.position(start + HEADER_BYTES);
        } else {
            out.position(start + 8);
            out.put(type);
        }
        return start;
    }

    private void finishRecord(ByteBuffer out, int start, int syncedEnd) {
        int end = out.position();
        checksum.reset();
        if (!recordsSyncedEnd()) {
            checksum.update(out.duplicate().position(start + 8).limit(end));
            out.putInt(start, end - start - CHECKSUMMED_HEADER_BYTES);
            out.putInt(start + 4, (int) checksum.getValue());
            return;
        }
        out.putInt(start + 1, end - start - HEADER_BYTES);
        out.putInt(start + 5, syncedEnd);
        checksum.update(out.duplicate().position(start).limit(start + 9));
        out.putInt(start + 9, (int) checksum.getValue());
        checksum.reset();
        checksum.update(out.duplicate().position(start).limit(end));
        out.putInt((int) checksum.getValue());
    }

    private static byte entryTypeCode(EntryType type) {
        return switch (type) {
            case COMMAND -> COMMAND_CODE;
            case NOOP -> NOOP_CODE;
        };
    }

    private static EntryType entryType(byte code) {
        return switch (code) {
            case COMMAND_CODE -> EntryType.COMMAND;
            case NOOP_CODE -> EntryType.NOOP;
            default -> throw new IllegalArgumentException("unknown entry type " + code);
        };
    }
}
