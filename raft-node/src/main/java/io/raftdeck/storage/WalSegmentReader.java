package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import java.nio.file.Path;

/**
 * Replays one segment's records into a {@link LogImage} and decides where its good records
 * end. Records end where the rest of the file is zeros: space written ahead of them
 * ({@link WalPreallocation}), never data, since every record's type byte is non-zero.
 *
 * <p>The torn-tail rule: damage in data that was never synced is a torn write (a crash
 * mid-append, safe to cut: nothing in it was promised); damage in data whose fdatasync
 * returned is corruption, reported with file and offset, never cut, for the node would forget
 * a vote or an acknowledged entry. A bad record in a segment a crash can tear (the last, or
 * the one before an empty last segment: a crash while rolling) is a torn write only if both
 * hold:
 * <ol>
 *   <li>No sound record after it vouches for it. Every record carries the segment's synced
 *       end when it was written ({@link WalRecordCodec}); a sound later record whose synced
 *       end lies past the bad one was written after an fdatasync that covered it. Sound
 *       records after it that do not vouch for it belong to its own unsynced batch (the next
 *       batch is only written once this one's sync returned), kept by writeback out of order:
 *       they are cut with it.</li>
 *   <li>It has the shape of a tear. The WAL only ever writes into zeroed or new space, and a
 *       disk writes a sector whole or not at all, so a torn record runs past the end of the
 *       file, or reads all zeros over some 512-byte sector piece of it (its header when the
 *       header's own checksum fails, else its whole extent). A record complete to its last
 *       byte, every sector of it written, that fails its checksum rotted in place: the last
 *       batch of a segment, which no later record can vouch for, is still protected (etcd's
 *       {@code isTornEntry} draws the same line). Records begin with their non-zero type and
 *       end with a checksum, so no sector piece of a sound record is zero unless 512 bytes of
 *       its payload are.</li>
 * </ol>
 * Anything else is corruption. A seal must be a segment's last record.
 *
 * <p>Segments of the earlier format ({@link WalSegment#FORMAT_CHECKSUMMED}) carry no synced
 * end and are read by the rule they were written under: a bad record is torn only when no
 * sound record follows it, within a byte budget for the segment before an empty last one.
 * The WAL starts a new segment before its first save into such a log, so the old rule only
 * ever covers records written before the upgrade.
 */
final class WalSegmentReader {

    /** Where a crash may have torn a segment. */
    enum Tearing {
        /** A segment followed by one holding records: synced and sealed, never torn. */
        NONE,
        /** The segment before an empty last one: the seal of a roll may be torn. */
        SEAL,
        /** The last segment: a whole batch may have been in flight. */
        TAIL
    }

    /** Returned when the last segment's header never became durable: rewrite the file. */
    static final int TORN_HEADER = 0;
    /** The smallest unit a disk writes whole; a larger physical sector is made of these. */
    static final int SECTOR_BYTES = 512;

    private long maxEntryIndex;
    private long sealedFor;
    private int format;
    private int soundRecordsCut;

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

    /** The format version of the segment last replayed ({@link WalSegment}). */
    int format() {
        return format;
    }

    /**
     * How many sound records the torn tail of the segment last replayed held: an unsynced
     * batch's records that writeback kept although an earlier one of it was lost.
     */
    int soundRecordsCut() {
        return soundRecordsCut;
    }

    /**
     * @return the offset just past the last good record: the end of the file, or where a torn
     *     tail starts (or {@link #TORN_HEADER} for a last segment whose header is torn)
     */
    int replay(WalSegment segment, byte[] bytes, Tearing tearing, LogImage image) {
        maxEntryIndex = 0;
        sealedFor = 0;
        soundRecordsCut = 0;
        String headerProblem = segment.headerProblem(bytes);
        if (headerProblem != null) {
            if (tearing == Tearing.TAIL && isTornCreation(bytes)) {
                format = WalSegment.FORMAT_SYNCED_END;
                return TORN_HEADER;
            }
            throw WalCorruption.at(segment.path(), 0, headerProblem);
        }
        format = WalSegment.format(bytes);
        WalRecordCodec codec = new WalRecordCodec(format);
        int dataEnd = dataEnd(bytes);
        int offset = WalSegment.HEADER_BYTES;
        while (offset < dataEnd) {
            String problem = codec.frameProblem(bytes, offset, bytes.length);
            if (problem != null) {
                if (codec.recordsSyncedEnd()) {
                    checkTorn(segment, bytes, tearing, offset, problem, codec);
                } else {
                    checkTornChecksummed(segment, bytes, tearing, offset, problem, codec);
                }
                return offset;
            }
            if (sealedFor != 0) {
                throw WalCorruption.at(segment.path(), offset, "a record follows the seal");
            }
            apply(segment.path(), bytes, offset, image, codec);
            offset += codec.recordBytes(bytes, offset);
        }
        return offset;
    }

    /** The rule of the class comment; returns when the bad record is a torn write. */
    private void checkTorn(WalSegment segment, byte[] bytes, Tearing tearing, int offset,
                           String problem, WalRecordCodec codec) {
        if (tearing == Tearing.NONE) {
            throw WalCorruption.at(segment.path(), offset, problem);
        }
        int voucher = -1;
        int dataEnd = dataEnd(bytes);
        for (int next = offset + 1; next < dataEnd && voucher < 0; ) {
            if (!isSoundRecord(codec, bytes, next)) {
                next++;
            } else if (WalRecordCodec.syncedEnd(bytes, next) > offset) {
                voucher = next;
            } else {
                soundRecordsCut++;
                next += codec.recordBytes(bytes, next);
            }
        }
        if (voucher >= 0) {
            throw WalCorruption.at(segment.path(), offset, problem + " in synced data (a sound"
                    + " record follows at offset " + voucher + ", written after an fdatasync"
                    + " that covered this one)");
        }
        if (!tornShape(codec, bytes, offset)) {
            throw WalCorruption.at(segment.path(), offset, problem + " in a record written"
                    + " whole (no sector of it is missing, so no crash tore it: damaged on"
                    + " disk)");
        }
    }

    /** Whether the bad record at {@code offset} looks like a write some sectors never reached. */
    private static boolean tornShape(WalRecordCodec codec, byte[] bytes, int offset) {
        int headerEnd = offset + WalRecordCodec.HEADER_BYTES;
        if (headerEnd > bytes.length) {
            return true;
        }
        if (!codec.headerSound(bytes, offset, bytes.length)) {
            return hasZeroSectorPiece(bytes, offset, headerEnd);
        }
        long recordEnd = (long) offset + codec.recordBytes(bytes, offset);
        return recordEnd > bytes.length || hasZeroSectorPiece(bytes, offset, (int) recordEnd);
    }

    /** Whether some piece of [from, to) that lies within one disk sector is all zeros. */
    static boolean hasZeroSectorPiece(byte[] bytes, int from, int to) {
        for (int start = from; start < to; ) {
            int end = Math.min(to, start - start % SECTOR_BYTES + SECTOR_BYTES);
            boolean zero = true;
            for (int i = start; i < end && zero; i++) {
                zero = bytes[i] == 0;
            }
            if (zero) {
                return true;
            }
            start = end;
        }
        return false;
    }

    private static boolean isSoundRecord(WalRecordCodec codec, byte[] bytes, int offset) {
        return WalRecordType.isKnown(codec.type(bytes, offset))
                && codec.frameProblem(bytes, offset, bytes.length) == null;
    }

    /** The rule segments of the earlier format were written under; see the class comment. */
    private void checkTornChecksummed(WalSegment segment, byte[] bytes, Tearing tearing,
                                      int offset, String problem, WalRecordCodec codec) {
        // Zeroed space after the records is not torn data: only bytes up to the last non-zero
        // one count against the budget.
        int budget = switch (tearing) {
            case NONE -> 0;
            case SEAL -> WalRecordCodec.CHECKSUMMED_SEAL_RECORD_BYTES;
            case TAIL -> Integer.MAX_VALUE;
        };
        if (dataEnd(bytes) - offset > budget) {
            throw WalCorruption.at(segment.path(), offset, problem);
        }
        // Scans byte by byte, since a damaged length field hides where the next record starts.
        for (int next = offset + 1; next + codec.frameBytes() <= bytes.length; next++) {
            if (isSoundRecord(codec, bytes, next)) {
                throw WalCorruption.at(segment.path(), offset, problem
                        + " (a sound record follows at offset " + next + ")");
            }
        }
    }

    private void apply(Path file, byte[] bytes, int offset, LogImage image,
                       WalRecordCodec codec) {
        int type = codec.type(bytes, offset);
        if (codec.recordsSyncedEnd() && WalRecordCodec.syncedEnd(bytes, offset) > offset) {
            throw WalCorruption.at(file, offset, "record claims its segment synced to offset "
                    + WalRecordCodec.syncedEnd(bytes, offset) + ", past its own start");
        }
        try {
            switch (type) {
                case WalRecordType.ENTRY -> applyEntry(image, codec.readEntry(bytes, offset));
                case WalRecordType.HARD_STATE ->
                        image.setHardState(codec.readHardState(bytes, offset));
                case WalRecordType.SNAPSHOT ->
                        image.apply(codec.readSnapshotMarker(bytes, offset));
                case WalRecordType.SEAL -> sealedFor = codec.readSeal(bytes, offset);
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
