package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** Reads and damages WAL files on disk the way crashes and bad disks do, for tests. */
final class WalFiles {

    private WalFiles() {
    }

    /**
     * A WAL whose files end at their last record, as without {@link WalPreallocation}: for
     * tests that damage the end of a file byte by byte.
     */
    static WriteAheadLog withoutPreallocation(Path walDirectory) {
        return withoutPreallocation(walDirectory, WriteAheadLog.DEFAULT_SEGMENT_BYTES);
    }

    static WriteAheadLog withoutPreallocation(Path walDirectory, long segmentBytes) {
        return new WriteAheadLog(walDirectory, segmentBytes, StorageFiles.SYSTEM,
                FileSync.FDATASYNC, false);
    }

    static List<Path> segments(Path walDirectory) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (WalSegment segment : WalSegment.list(walDirectory)) {
            paths.add(segment.path());
        }
        return paths;
    }

    static Path lastSegment(Path walDirectory) throws IOException {
        List<Path> segments = segments(walDirectory);
        return segments.get(segments.size() - 1);
    }

    /** Start offsets of the records in a sound segment, in order, up to any zeroed space. */
    static List<Integer> recordOffsets(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        List<Integer> offsets = new ArrayList<>();
        WalRecordCodec codec = new WalRecordCodec(WalSegment.format(bytes));
        int offset = WalSegment.HEADER_BYTES;
        while (offset < bytes.length && !WalSegmentReader.zeroFrom(bytes, offset)) {
            offsets.add(offset);
            offset += codec.recordBytes(bytes, offset);
        }
        return offsets;
    }

    /** Where a sound segment's records end: its size, or the start of its zeroed space. */
    static int recordsEnd(Path segment) throws IOException {
        List<Integer> offsets = recordOffsets(segment);
        if (offsets.isEmpty()) {
            return WalSegment.HEADER_BYTES;
        }
        int last = offsets.get(offsets.size() - 1);
        return last + new WalRecordCodec().recordBytes(Files.readAllBytes(segment), last);
    }

    static void flipByte(Path file, int offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[offset] ^= 0x5A;
        Files.write(file, bytes);
    }

    static void putInt(Path file, int offset, int value) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(offset, value);
        Files.write(file, bytes);
    }

    /** Overwrites the length field of the record at {@code record} (current layout). */
    static void putLength(Path segment, int record, int payloadLength) throws IOException {
        putInt(segment, record + 1, payloadLength);
    }

    static void truncate(Path file, long size) throws IOException {
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    static void append(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    /**
     * The synced end stamped on the records built here: the end of the segment header, true
     * at any offset, so these records vouch for nothing.
     */
    private static final int NOTHING_SYNCED = WalSegment.HEADER_BYTES;

    /** A sound (checksummed) ENTRY record, as the WAL itself would write it. */
    static byte[] entryRecord(Entry entry) {
        ByteBuffer buffer = ByteBuffer.allocate(WalRecordCodec.entryRecordBytes(entry));
        new WalRecordCodec().writeEntry(buffer, entry, NOTHING_SYNCED);
        return buffer.array();
    }

    static byte[] hardStateRecord(HardState hardState) {
        ByteBuffer buffer = ByteBuffer.allocate(WalRecordCodec.HARD_STATE_RECORD_BYTES);
        new WalRecordCodec().writeHardState(buffer, hardState, NOTHING_SYNCED);
        return buffer.array();
    }

    /** A sound record, in the current layout, with a type byte and payload of our choosing. */
    static byte[] rawRecord(byte type, byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(WalRecordCodec.FRAME_BYTES + payload.length);
        buffer.put(type).putInt(payload.length).putInt(NOTHING_SYNCED);
        CRC32C checksum = new CRC32C();
        checksum.update(buffer.array(), 0, 9);
        buffer.putInt((int) checksum.getValue()).put(payload);
        checksum.reset();
        checksum.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) checksum.getValue());
        return buffer.array();
    }
}
