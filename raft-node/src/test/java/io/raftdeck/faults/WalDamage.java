package io.raftdeck.faults;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Damages a stopped node's WAL files the way a crash or a bad disk would. It reads the format
 * from the outside (16-byte segment header; records of a type byte, an int payload length, an
 * int synced end, an int header crc, the payload and an int crc), so it checks the real
 * files, not the code that wrote them.
 */
final class WalDamage {

    static final int SEGMENT_HEADER_BYTES = 16;
    static final int RECORD_HEADER_BYTES = 13;
    static final int RECORD_FRAME_BYTES = RECORD_HEADER_BYTES + 4;

    private WalDamage() {
    }

    /** A node's segment files, oldest first. */
    static List<Path> segments(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("wal"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".wal"))
                    .sorted().toList();
        }
    }

    /** Where a sound segment's records end: before its zeroed space, if it has any. */
    static int recordsEnd(Path segment) throws IOException {
        List<Integer> offsets = recordOffsets(segment);
        if (offsets.isEmpty()) {
            return SEGMENT_HEADER_BYTES;
        }
        int last = offsets.get(offsets.size() - 1);
        return last + recordBytes(segment, last);
    }

    static Path lastSegment(Path dataDir) throws IOException {
        List<Path> segments = segments(dataDir);
        return segments.get(segments.size() - 1);
    }

    /**
     * Start offsets of the records of a sound segment, in order. A type byte of 0 is never a
     * record's: it starts the zeroed space the WAL writes ahead of its records.
     */
    static List<Integer> recordOffsets(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        List<Integer> offsets = new ArrayList<>();
        int offset = SEGMENT_HEADER_BYTES;
        while (offset + RECORD_FRAME_BYTES <= bytes.length && bytes[offset] != 0) {
            int payloadBytes = ByteBuffer.wrap(bytes).getInt(offset + 1);
            if (payloadBytes < 0) {
                break; // not a record: damage, or a write still under way
            }
            offsets.add(offset);
            offset += RECORD_FRAME_BYTES + payloadBytes;
        }
        return offsets;
    }

    /** Length of the record starting at {@code offset}, header and trailer included. */
    static int recordBytes(Path segment, int offset) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        return RECORD_FRAME_BYTES + ByteBuffer.wrap(bytes).getInt(offset + 1);
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    static void flipByte(Path file, int offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[offset] ^= 0x5A;
        Files.write(file, bytes);
    }
}
