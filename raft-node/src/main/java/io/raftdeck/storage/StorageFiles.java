package io.raftdeck.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The file operations the WAL, the snapshot store and the data directory make, and nothing
 * more: the one seam under the storage code, so a test can run it unchanged on a simulated
 * disk that tears writes, loses what was not synced, fails or stalls an fsync and flips bits
 * ({@code storage.sim.SimulatedDisk}). {@link #SYSTEM} is the real file system, through
 * java.nio exactly as before the seam; {@link #open} hands out a {@link FileChannel}, so the
 * WAL's hot path (positional writes into a reused buffer, then {@code force}) is the same
 * calls on the same objects, with no wrapper in between.
 *
 * <p>Durability is the caller's business, as on a real disk: written bytes survive a crash
 * once their channel was forced, and a created, renamed or deleted name once its directory
 * was synced ({@link #syncDirectory}).
 */
public interface StorageFiles {

    /** The real file system. */
    StorageFiles SYSTEM = new NioStorageFiles();

    /** Opens a file as {@link FileChannel#open(Path, OpenOption...)} does. */
    FileChannel open(Path file, OpenOption... options) throws IOException;

    /** The whole content of a file. */
    byte[] readAllBytes(Path file) throws IOException;

    /** A file's size in bytes. */
    long size(Path file) throws IOException;

    boolean exists(Path path);

    boolean isDirectory(Path path);

    /**
     * Whether this process may list, create and read files in {@code directory}: a data dir
     * it cannot write is refused at start, with a message, rather than at the first save.
     */
    boolean isAccessible(Path directory);

    /** Creates a directory; its parent must exist, it must not. */
    void createDirectory(Path directory) throws IOException;

    /** The entries of a directory, files and directories, in no particular order. */
    List<Path> list(Path directory) throws IOException;

    /** Renames a file or directory in one atomic step, replacing a file at the target. */
    void moveAtomically(Path source, Path target) throws IOException;

    /** Deletes a file or an empty directory. */
    void delete(Path path) throws IOException;

    /** fsync of a directory: makes the names created, renamed or deleted in it durable. */
    void syncDirectory(Path directory) throws IOException;

    /**
     * A file's identity (device and inode on Unix), to tell the file at a path from one that
     * replaced it; {@link Boolean#TRUE} where the platform has none.
     *
     * @throws NoSuchFileException when nothing is at {@code file}
     */
    Object fileKey(Path file) throws IOException;
}
