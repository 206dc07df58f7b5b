package io.raftdeck.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Creates a directory and its missing parents so that a crash cannot undo any of them: each
 * new directory's name is synced into its parent before the next one is made inside it.
 * Creating them all and syncing only the last one's parent (what the storage did before)
 * leaves the names above it in the page cache: a power loss then takes the whole data dir,
 * with every vote and entry synced into it since.
 */
final class DurableDirectories {

    private DurableDirectories() {
    }

    static void create(StorageFiles files, Path directory) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path path = directory.toAbsolutePath().normalize(); path != null
                && !files.isDirectory(path); path = path.getParent()) {
            missing.push(path);
        }
        while (!missing.isEmpty()) {
            Path next = missing.pop();
            files.createDirectory(next);
            files.syncDirectory(next.getParent());
        }
    }
}
