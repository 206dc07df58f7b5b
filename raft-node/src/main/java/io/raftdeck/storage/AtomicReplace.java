package io.raftdeck.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a crash leaves the old content or the new, never a torn mix: written
 * beside it ({@value #TEMPORARY_SUFFIX}), fsynced, renamed over it, the directory fsynced so
 * that the new name is durable too. Snapshots and the data directory's one-line files use it.
 */
final class AtomicReplace {

    /** What a crash can leave behind; whoever lists the directory skips or removes it. */
    static final String TEMPORARY_SUFFIX = ".tmp";

    private AtomicReplace() {
    }

    /** Makes {@code contents}, in order, the whole of {@code file}, durably. */
    static void write(StorageFiles files, Path file, ByteBuffer... contents) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + TEMPORARY_SUFFIX);
        try (FileChannel channel = files.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (ByteBuffer content : contents) {
                while (content.hasRemaining()) {
                    channel.write(content);
                }
            }
            channel.force(true);
        }
        files.moveAtomically(temporary, file);
        files.syncDirectory(file.getParent());
    }
}
