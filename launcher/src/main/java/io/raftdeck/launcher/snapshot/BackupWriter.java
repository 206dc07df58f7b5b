package io.raftdeck.launcher.snapshot;

import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Writes a backup as it streams in: to {@code FILE.part}, checked against the leader's size and
 * SHA-256, fsynced, then renamed to {@code FILE} and the directory fsynced. A crash or a broken
 * stream leaves at most the .part file, never a FILE that is not whole.
 */
final class BackupWriter implements AutoCloseable {

    private final Path target;
    private final Path part;
    private final boolean replace;
    private final FileChannel channel;
    private final MessageDigest dataDigest = BackupFormat.sha256();
    private final MessageDigest fileDigest = BackupFormat.sha256();
    private long index = -1;
    private long term;
    private long totalBytes;
    private long receivedBytes;
    private boolean finished;

    private BackupWriter(Path target, Path part, boolean replace, FileChannel channel) {
        this.target = target;
        this.part = part;
        this.replace = replace;
        this.channel = channel;
    }

    /** Opens {@code target}.part; refuses an existing {@code target} unless {@code replace}. */
    static BackupWriter create(Path target, boolean replace) {
        if (Files.exists(target) && !replace) {
            throw new CommandFailure(ExitCodes.USAGE, target + " exists; pass --force to"
                    + " overwrite it");
        }
        if (Files.isDirectory(target)) {
            throw new CommandFailure(ExitCodes.USAGE, target + " is a directory");
        }
        Path part = target.resolveSibling(target.getFileName() + ".part");
        try {
            return new BackupWriter(target, part, replace, FileChannel.open(part,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.USAGE, "cannot write " + part + ": " + e);
        }
    }

    long totalBytes() {
        return totalBytes;
    }

    long receivedBytes() {
        return receivedBytes;
    }

    void begin(long snapshotIndex, long snapshotTerm, long snapshotBytes) throws IOException {
        if (snapshotIndex < 1 || snapshotTerm < 1 || snapshotBytes < 0
                || snapshotBytes > BackupFormat.MAX_DATA_BYTES) {
            throw new CommandFailure(ExitCodes.INTERNAL, "the leader sent an impossible"
                    + " snapshot header: index " + snapshotIndex + ", term " + snapshotTerm
                    + ", " + snapshotBytes + " bytes");
        }
        index = snapshotIndex;
        term = snapshotTerm;
        totalBytes = snapshotBytes;
        ByteBuffer header = BackupFormat.header(index, term, totalBytes);
        fileDigest.update(header.duplicate());
        writeFully(header);
    }

    void data(ByteBuffer bytes) throws IOException {
        if (index < 0 || receivedBytes + bytes.remaining() > totalBytes) {
            throw new CommandFailure(ExitCodes.INTERNAL, "the leader sent more snapshot data"
                    + " than the " + totalBytes + " bytes it announced");
        }
        receivedBytes += bytes.remaining();
        dataDigest.update(bytes.duplicate());
        fileDigest.update(bytes.duplicate());
        writeFully(bytes);
    }

    /**
     * Checks the data against the leader's SHA-256, makes the file durable and puts it in
     * place.
     */
    SavedBackup finish(byte[] leaderSha256) throws IOException {
        if (index < 0 || receivedBytes != totalBytes) {
            throw new CommandFailure(ExitCodes.INTERNAL, "the snapshot stream ended after "
                    + receivedBytes + " of " + totalBytes + " bytes");
        }
        byte[] sha256 = dataDigest.digest();
        if (!Arrays.equals(sha256, leaderSha256)) {
            throw new CommandFailure(ExitCodes.INTERNAL, "the snapshot received does not match"
                    + " the leader's SHA-256 (" + BackupFormat.hex(leaderSha256) + ")");
        }
        writeFully(ByteBuffer.wrap(fileDigest.digest()));
        channel.force(true);
        channel.close();
        if (replace) {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        }
        syncDirectory(target.toAbsolutePath().getParent());
        finished = true;
        return new SavedBackup(index, term, totalBytes, BackupFormat.hex(sha256));
    }

    /** Unless finished, removes the .part file: a half-written backup is no backup. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        try {
            channel.close();
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // Nothing more to do: the .part name says it is not a backup.
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** The rename is durable only once the directory holding it is synced. */
    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** What a finished save wrote. */
    record SavedBackup(long index, long term, long sizeBytes, String sha256) {
    }
}
