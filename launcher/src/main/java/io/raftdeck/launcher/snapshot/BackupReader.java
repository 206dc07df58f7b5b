package io.raftdeck.launcher.snapshot;

import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.statemachine.KeyValueStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Reads a backup and checks it whole before anyone uses it: the header, the SHA-256 trailer
 * over header and data, and that the data is a state the key/value store can restore. Every
 * problem is one line naming the file.
 */
final class BackupReader {

    private static final int READ_BYTES = 1 << 20;

    private BackupReader() {
    }

    /** A checked backup. {@code sha256} is the data's, as the leader computed it. */
    record Backup(long index, long term, byte[] data, String sha256) {
    }

    /** @param err where progress lines go while a big file is checked */
    static Backup read(Path file, PrintWriter err) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < BackupFormat.HEADER_BYTES + BackupFormat.TRAILER_BYTES) {
                throw damaged(file, "only " + size + " bytes, too short for a snapshot backup");
            }
            ByteBuffer header = ByteBuffer.allocate(BackupFormat.HEADER_BYTES);
            readFully(channel, header, file);
            header.flip();
            if (header.getInt() != BackupFormat.MAGIC) {
                throw damaged(file, "not a raftdeck snapshot backup (bad magic number)");
            }
            int version = header.getInt();
            if (version != BackupFormat.FORMAT_VERSION) {
                throw damaged(file, "unsupported backup format version " + version);
            }
            long index = header.getLong();
            long term = header.getLong();
            long dataLength = header.getLong();
            long expected = BackupFormat.HEADER_BYTES + dataLength + BackupFormat.TRAILER_BYTES;
            if (dataLength < 0 || dataLength > BackupFormat.MAX_DATA_BYTES || expected != size) {
                throw damaged(file, "header says " + dataLength + " bytes of data but the file"
                        + " has " + size + " bytes (truncated or damaged)");
            }
            MessageDigest fileDigest = BackupFormat.sha256();
            fileDigest.update(header.flip());
            byte[] data = new byte[(int) dataLength];
            Progress shown = new Progress(err, "checked", dataLength);
            for (int offset = 0; offset < data.length; ) {
                ByteBuffer piece = ByteBuffer.wrap(data, offset,
                        Math.min(READ_BYTES, data.length - offset));
                readFully(channel, piece, file);
                offset = piece.position();
                shown.advanced(offset);
            }
            fileDigest.update(data);
            ByteBuffer trailer = ByteBuffer.allocate(BackupFormat.TRAILER_BYTES);
            readFully(channel, trailer, file);
            if (!Arrays.equals(trailer.array(), fileDigest.digest())) {
                throw damaged(file, "checksum mismatch (SHA-256 of its contents)");
            }
            if (index < 1 || term < 1) {
                throw damaged(file, "impossible snapshot position " + index + "@" + term);
            }
            checkRestorable(file, data, index);
            return new Backup(index, term, data, BackupFormat.hex(BackupFormat.sha256()
                    .digest(data)));
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitCodes.USAGE, "snapshot file " + file + ": no such file");
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.USAGE, "snapshot file " + file
                    + ": cannot read it: " + e.getMessage());
        }
    }

    /** The checksum says the bytes are the ones written; this says they are a state. */
    private static void checkRestorable(Path file, byte[] data, long index) {
        try {
            new KeyValueStore().restore(data, index);
        } catch (RuntimeException e) {
            throw damaged(file, "its data is not a key/value state: " + e.getMessage());
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, Path file)
            throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw damaged(file, "ends early");
            }
        }
    }

    private static CommandFailure damaged(Path file, String problem) {
        return new CommandFailure(ExitCodes.USAGE, "snapshot file " + file + " is damaged: "
                + problem);
    }
}
