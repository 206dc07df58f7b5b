package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.HardState;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Byte layout of one WAL record, big-endian:
 * <pre>
 *   int  payloadLength   bytes after the type byte
 *   int  crc32c          over the type byte and the payload
 *   byte type            a {@link WalRecordType}
 *   ...  payload
 * </pre>
 * ENTRY payload: long index, long term, byte entryType, data. HARD_STATE payload: long term,
 * int votedFor, long commitIndex. SNAPSHOT payload: long index, long term, byte replacesLog
 * (0 or 1). SEAL payload: long nextSequence. One instance per thread: it reuses its checksum.
 */
final class WalRecordCodec {

    static final int HEADER_BYTES = 9;
    /** Bound on a record's length so a garbage length field is reported, not allocated. */
    static final int MAX_PAYLOAD_BYTES = 64 << 20;
    static final int ENTRY_FIXED_BYTES = 17;
    static final int HARD_STATE_PAYLOAD_BYTES = 20;
    static final int HARD_STATE_RECORD_BYTES = HEADER_BYTES + HARD_STATE_PAYLOAD_BYTES;
    static final int SNAPSHOT_PAYLOAD_BYTES = 17;
    static final int SNAPSHOT_RECORD_BYTES = HEADER_BYTES + SNAPSHOT_PAYLOAD_BYTES;
    static final int SEAL_PAYLOAD_BYTES = 8;
    static final int SEAL_RECORD_BYTES = HEADER_BYTES + SEAL_PAYLOAD_BYTES;

    // Entry types by explicit code, not ordinal: reordering the enum must not change the disk.
    private static final byte COMMAND_CODE = 1;
    private static final byte NOOP_CODE = 2;

    private final CRC32C checksum = new CRC32C();

    static int entryRecordBytes(Entry entry) {
        return HEADER_BYTES + ENTRY_FIXED_BYTES + entry.data().length;
    }

    /** Appends one ENTRY record; {@code out} has room for {@link #entryRecordBytes}. */
    void writeEntry(ByteBuffer out, Entry entry) {
        int start = beginRecord(out, WalRecordType.ENTRY);
        out.putLong(entry.index()).putLong(entry.term()).put(entryTypeCode(entry.type()));
        out.put(entry.data());
        finishRecord(out, start);
    }

    /** Appends one HARD_STATE record; {@code out} has {@link #HARD_STATE_RECORD_BYTES} free. */
    void writeHardState(ByteBuffer out, HardState hardState) {
        int start = beginRecord(out, WalRecordType.HARD_STATE);
        out.putLong(hardState.term()).putInt(hardState.votedFor())
                .putLong(hardState.commitIndex());
        finishRecord(out, start);
    }

    /** Appends one SNAPSHOT record; {@code out} has {@link #SNAPSHOT_RECORD_BYTES} free. */
    void writeSnapshotMarker(ByteBuffer out, SnapshotMarker marker) {
        int start = beginRecord(out, WalRecordType.SNAPSHOT);
        out.putLong(marker.index()).putLong(marker.term())
                .put((byte) (marker.replacesLog() ? 1 : 0));
        finishRecord(out, start);
    }

    /** Appends one SEAL record; {@code out} has {@link #SEAL_RECORD_BYTES} free. */
    void writeSeal(ByteBuffer out, long nextSequence) {
        int start = beginRecord(out, WalRecordType.SEAL);
        out.putLong(nextSequence);
        finishRecord(out, start);
    }

    /**
     * Checks the frame of the record at {@code offset}: bounded length, fully present,
     * checksum right. Returns null when it is sound, else what is wrong. The type is not
     * checked here: a sound frame of an unknown type was written whole, so it is corruption
     * (or a newer format), never a torn write.
     */
    String frameProblem(byte[] bytes, int offset, int end) {
        if (end - offset < HEADER_BYTES) {
            return "incomplete record header (" + (end - offset) + " of " + HEADER_BYTES
                    + " bytes)";
        }
        ByteBuffer view = ByteBuffer.wrap(bytes);
        int payloadLength = view.getInt(offset);
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_BYTES) {
            return "record length " + payloadLength + " out of bounds (max "
                    + MAX_PAYLOAD_BYTES + ")";
        }
        long available = (long) end - offset - HEADER_BYTES;
        if (payloadLength > available) {
            return "incomplete record (length " + payloadLength + ", " + available
                    + " bytes left)";
        }
        checksum.reset();
        checksum.update(bytes, offset + 8, 1 + payloadLength);
        if ((int) checksum.getValue() != view.getInt(offset + 4)) {
            return "checksum mismatch";
        }
        return null;
    }

    static int payloadLength(byte[] bytes, int offset) {
        return ByteBuffer.wrap(bytes).getInt(offset);
    }

    static int type(byte[] bytes, int offset) {
        return bytes[offset + 8];
    }

    /** Decodes a sound ENTRY frame; throws IllegalArgumentException saying what is invalid. */
    static Entry readEntry(byte[] bytes, int offset) {
        int payloadLength = payloadLength(bytes, offset);
        if (payloadLength < ENTRY_FIXED_BYTES) {
            throw new IllegalArgumentException("entry record too short (" + payloadLength
                    + " bytes)");
        }
        ByteBuffer view = ByteBuffer.wrap(bytes, offset + HEADER_BYTES, payloadLength);
        long index = view.getLong();
        long term = view.getLong();
        EntryType type = entryType(view.get());
        int dataStart = view.position();
        byte[] data = Arrays.copyOfRange(bytes, dataStart, dataStart + view.remaining());
        return new Entry(index, term, type, data);
    }

    /** Decodes a sound HARD_STATE frame; throws IllegalArgumentException if invalid. */
    static HardState readHardState(byte[] bytes, int offset) {
        int payloadLength = payloadLength(bytes, offset);
        if (payloadLength != HARD_STATE_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("hard state record has " + payloadLength
                    + " bytes, not " + HARD_STATE_PAYLOAD_BYTES);
        }
        ByteBuffer view = ByteBuffer.wrap(bytes, offset + HEADER_BYTES, payloadLength);
        return new HardState(view.getLong(), view.getInt(), view.getLong());
    }

    /** Decodes a sound SNAPSHOT frame; throws IllegalArgumentException if invalid. */
    static SnapshotMarker readSnapshotMarker(byte[] bytes, int offset) {
        int payloadLength = payloadLength(bytes, offset);
        if (payloadLength != SNAPSHOT_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("snapshot record has " + payloadLength
                    + " bytes, not " + SNAPSHOT_PAYLOAD_BYTES);
        }
        ByteBuffer view = ByteBuffer.wrap(bytes, offset + HEADER_BYTES, payloadLength);
        long index = view.getLong();
        long term = view.getLong();
        byte replacesLog = view.get();
        if (replacesLog != 0 && replacesLog != 1) {
            throw new IllegalArgumentException("snapshot record has a bad kind " + replacesLog);
        }
        return new SnapshotMarker(index, term, replacesLog == 1);
    }

    /** Decodes a sound SEAL frame: the sequence of the segment created before it. */
    static long readSeal(byte[] bytes, int offset) {
        int payloadLength = payloadLength(bytes, offset);
        if (payloadLength != SEAL_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("seal record has " + payloadLength
                    + " bytes, not " + SEAL_PAYLOAD_BYTES);
        }
        return ByteBuffer.wrap(bytes, offset + HEADER_BYTES, payloadLength).getLong();
    }

    private static int beginRecord(ByteBuffer out, byte type) {
        int start = out.position();
        out.position(start + 8);
        out.put(type);
        return start;
    }

    private void finishRecord(ByteBuffer out, int start) {
        int end = out.position();
        checksum.reset();
        checksum.update(out.duplicate().position(start + 8).limit(end));
        out.putInt(start, end - start - HEADER_BYTES);
        out.putInt(start + 4, (int) checksum.getValue());
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
