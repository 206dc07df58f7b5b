package io.raftdeck.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names the file system a run's data lives on. fsync on tmpfs returns at once, so a
 * benchmark on it would measure no durability at all; the header says which it is.
 */
final class DataPlace {

    private DataPlace() {
    }

    static String describe(Path directory) {
        try {
            String type = Files.getFileStore(directory).type();
            return directory + " (" + type + (type.equals("tmpfs") || type.equals("ramfs")
                    ? ": in memory, so fsync is free; these figures are not durable ones"
                    : ", fsync to disk") + ")";
        } catch (IOException e) {
            return directory + " (file system unknown: " + e.getMessage() + ")";
        }
    }
}
