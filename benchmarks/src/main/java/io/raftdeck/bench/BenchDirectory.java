package io.raftdeck.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A fresh directory for one benchmark trial, on a real disk: an fsync on a memory file system
 * returns at once, so a WAL benchmark there would measure nothing worth knowing.
 */
final class BenchDirectory {

    /** Where the directories go; java.io.tmpdir unless set (-Draftdeck.bench.dir=DIR). */
    static final String BASE_PROPERTY = "raftdeck.bench.dir";

    /** File systems that keep data in memory only, so their fsync costs nothing. */
    private static final Set<String> MEMORY_FILE_SYSTEMS = Set.of("tmpfs", "ramfs", "devtmpfs");

    /** Bounds the clean-up walk; a WAL directory holds a few segments, never this many. */
    private static final int MAX_FILES = 10_000;

    private BenchDirectory() {
    }

    /** A new empty directory under the configured base, an existing directory on a disk. */
    static Path createOnRealDisk(String prefix) throws IOException {
        Path base = Path.of(System.getProperty(BASE_PROPERTY,
                System.getProperty("java.io.tmpdir")));
        if (!Files.isDirectory(base)) {
            throw new IllegalStateException(base + " is not a directory; set -D" + BASE_PROPERTY
                    + "=DIR to an existing one on a disk");
        }
        FileStore store = Files.getFileStore(base);
        requireRealDisk(base, store.type());
        return Files.createTempDirectory(base, prefix);
    }

    static void requireRealDisk(Path base, String fileSystemType) {
        if (MEMORY_FILE_SYSTEMS.contains(fileSystemType.toLowerCase(Locale.ROOT))) {
            throw new IllegalStateException(base + " is on " + fileSystemType
                    + ", where fsync costs nothing; choose a directory on a disk with -D"
                    + BASE_PROPERTY + "=DIR");
        }
    }

    /** Deletes {@code directory} and what it holds (plain files only, as a WAL leaves). */
    static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.limit(MAX_FILES + 1).sorted(Comparator.reverseOrder()).toList();
        }
        if (paths.size() > MAX_FILES) {
            throw new IOException(directory + " holds more than " + MAX_FILES
                    + " files; not a benchmark directory, left alone");
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }
}
