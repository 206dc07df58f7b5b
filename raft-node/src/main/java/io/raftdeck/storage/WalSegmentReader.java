package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import java.nio.file.Path;

/**
 * Replays one segment's records into a {@link LogImage} and decides where its good records
 * end. Records end where the rest of the file is zeros: space written ahead of them
 * ({@link WalPreallocation}), never data, since every record's type byte is non-zero. The
 * rule that keeps committed entries safe: a bad record is a torn write (a crash
 * mid-append, safe to cut off) only where a crash can tear one — in the last segment, or, for
 * at most a seal's bytes, in the one before an empty last segment (a crash while rolling) —
 * and only when no sound record follows it anywhere in that file. Anything else is
 * corruption, reported with file and offset. A seal must be a segment's last record.
 */
final class WalSegmentReader {

    /** Returned when the last segment's header never became durable: rewrite the file. */
    static final int TORN_HEADER = 0;
    /** Torn bytes allowed in the last segment: a whole batch may have been in flight. */
    static final int ANY_TORN_TAIL = Integer.MAX_VALUE;
    /** Torn bytes allowed in the segment before an empty last one: a seal being written. */
    static final int TORN_SEAL = WalRecordCodec.SEAL_RECORD_BYTES;

    private final WalRecordCodec codec = new WalRecordCodec();
    private long maxEntryIndex;
    private long sealedFor;

    /**
     * The highest entry index among the good records of the segment last replayed (0 when it
     * held none): once a snapshot covers it, the whole segment can go.
     */
    long maxEntryIndex() {
        return maxEntryIndex;
    }

    /**
     * The sequence named by the seal that ended the segment last replayed, 0 when it was not
     * sealed.
     */
    long sealedFor() {
        return sealedFor;
    }

    /**
     * @param maxTornBytes how many bytes at the end may be a torn write: 0 for a segment a
     *     crash cannot have torn, {@link #TORN_SEAL} or {@link #ANY_TORN_TAIL}
     * @return the offset just past the last good record: the end of the file, or where a torn
     *     tail starts (or {@link #TORN_HEADER} for a last segment whose header is torn)
     */
    int replay(WalSegment segment, byte[] bytes, int maxTornBytes, LogImage image) {
        maxEntryIndex = 0;
        sealedFor = 0;
        String headerProblem = segment.headerProblem(bytes);
        if (headerProblem != null) {
            if (maxTornBytes == ANY_TORN_TAIL && isTornCreation(bytes)) {
                return TORN_HEADER;
            }
            throw WalCorruption.at(segment.path(), 0, headerProblem);
        }
        int offset = WalSegment.HEADER_BYTES;
        while (offset < bytes.length) {
            String problem = codec.frameProblem(bytes, offset, bytes.length);
            if (problem != null) {
                return tornTailStart(segment, bytes, maxTornBytes, offset, problem);
            }
            if (sealedFor != 0) {
                throw WalCorruption.at(segment.path(), offset, "a record follows the seal");
            }
            apply(segment.path(), bytes, offset, image);
            offset += WalRecordCodec.HEADER_BYTES + WalRecordCodec.payloadLength(bytes, offset);
        }
        return offset;
    }

    private int tornTailStart(WalSegment segment, byte[] bytes, int maxTornBytes, int offset,
            String problem) {
        // Zeroed space after the records is not torn data: only bytes up to the last non-zero
        // one count against the budget (none at all when the records simply end there).
        if (dataEnd(bytes) - offset > maxTornBytes) {
            throw WalCorruption.at(segment.path(), offset, problem);
        }
        int sound = nextSoundRecord(bytes, offset + 1);
        if (sound >= 0) {
            throw WalCorruption.at(segment.path(), offset, problem
                    + " (a sound record follows at offset " + sound + ")");
        }
        return offset;
    }

    /**
     * Scans byte by byte, since a damaged length field hides where the next record starts.
     * Cheap in practice: a torn tail is at most one batch, and the type byte filters first.
     */
    private int nextSoundRecord(byte[] bytes, int from) {
        for (int offset = from; offset + WalRecordCodec.HEADER_BYTES <= bytes.length; offset++) {
            if (WalRecordType.isKnown(WalRecordCodec.type(bytes, offset))
                    && codec.frameProblem(bytes, offset, bytes.length) == null) {
                return offset;
            }
        }
        return -1;
    }

    private void apply(Path file, byte[] bytes, int offset, LogImage image) {
        int type = WalRecordCodec.type(bytes, offset);
        try {
            switch (type) {
                case WalRecordType.ENTRY -> applyEntry(image,
                        WalRecordCodec.readEntry(bytes, offset));
                case WalRecordType.HARD_STATE ->
                        image.setHardState(WalRecordCodec.readHardState(bytes, offset));
                case WalRecordType.SNAPSHOT ->
                        image.apply(WalRecordCodec.readSnapshotMarker(bytes, offset));
                case WalRecordType.SEAL -> sealedFor = WalRecordCodec.readSeal(bytes, offset);
                // A whole record of a type we do not know: written by a newer version, or
                // damage that happens to checksum. Either way replaying past it is a guess.
                default -> throw WalCorruption.at(file, offset, "unknown record type " + type);
            }
        } catch (IllegalArgumentException invalid) {
            throw WalCorruption.at(file, offset, invalid.getMessage());
        }
    }

    /** An index at or below the last one is a logged truncation; above last + 1 a hole. */
    private void applyEntry(LogImage image, Entry entry) {
        image.put(entry);
        maxEntryIndex = Math.max(maxEntryIndex, entry.index());
    }

    /** Whether every byte from {@code from} on is zero. */
    static boolean zeroFrom(byte[] bytes, int from) {
        return dataEnd(bytes) <= from;
    }

    /** The offset just past the last non-zero byte: after it lies only zeroed space. */
    static int dataEnd(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    /** A crash between creating a segment and syncing its header leaves it short or zeroed. */
    private static boolean isTornCreation(byte[] bytes) {
        if (bytes.length < WalSegment.HEADER_BYTES) {
            return true;
        }
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
