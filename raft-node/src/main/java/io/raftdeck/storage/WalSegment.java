package io.raftdeck.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of the WAL, {@code 0000000000000001.wal}: its sequence number is in its name and in
 * its 16-byte header (magic, format version, sequence), so a renamed or foreign file is caught.
 * Records follow the header, in the layout of the header's format version
 * ({@link WalRecordCodec}); segments are replayed in sequence order.
 */
record WalSegment(long sequence, Path path) {

    static final int HEADER_BYTES = 16;
    private static final int MAGIC = 0x5244574C; // "RDWL"
    /** Records checksummed, but not saying what was synced: written by earlier versions. */
    static final int FORMAT_CHECKSUMMED = 1;
    /** Each record also carries its segment's synced end: written now. */
    static final int FORMAT_SYNCED_END = 2;
    private static final String SUFFIX = ".wal";
    private static final Pattern NAME = Pattern.compile("(\\d{16})\\.wal");

    static WalSegment in(Path directory, long sequence) {
        return new WalSegment(sequence, directory.resolve(String.format("%016d", sequence)
                + SUFFIX));
    }

    /**
     * Every segment in {@code directory}, in sequence order. A missing sequence number means
     * lost records, so it is corruption, as is a {@code .wal} file with a name we never write.
     */
    static List<WalSegment> list(Path directory) throws IOException {
        return list(directory, StorageFiles.SYSTEM);
    }

    static List<WalSegment> list(Path directory, StorageFiles files) throws IOException {
        List<WalSegment> segments = new ArrayList<>();
        for (Path file : files.list(directory)) {
            String fileName = file.getFileName().toString();
            if (!fileName.endsWith(SUFFIX)) {
                continue;
            }
            Matcher name = NAME.matcher(fileName);
            if (!name.matches()) {
                throw WalCorruption.in(file, "unexpected file name in the WAL directory");
            }
            segments.add(new WalSegment(Long.parseLong(name.group(1)), file));
        }
        segments.sort(Comparator.comparingLong(WalSegment::sequence));
        for (int i = 1; i < segments.size(); i++) {
            if (segments.get(i).sequence() != segments.get(i - 1).sequence() + 1) {
                throw WalCorruption.in(segments.get(i).path(), "segment "
                        + (segments.get(i - 1).sequence() + 1) + " before it is missing");
            }
        }
        return segments;
    }

    /** Writes this segment's header at the start of {@code channel}; the caller syncs. */
    void writeHeader(FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putInt(FORMAT_SYNCED_END).putLong(sequence).flip();
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
    }

    /** Null when {@code bytes} start with this segment's header, else what is wrong. */
    String headerProblem(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            return "incomplete segment header (" + bytes.length + " bytes)";
        }
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER_BYTES);
        int magic = header.getInt();
        int version = header.getInt();
        long storedSequence = header.getLong();
        if (magic != MAGIC) {
            return "not a WAL segment (bad magic number)";
        }
        if (version != FORMAT_CHECKSUMMED && version != FORMAT_SYNCED_END) {
            return "unsupported WAL format version " + version;
        }
        if (storedSequence != sequence) {
            return "header says segment " + storedSequence + " but the name says " + sequence;
        }
        return null;
    }

    /** The format version in a header that {@link #headerProblem} found sound. */
    static int format(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getInt(4);
    }
}
