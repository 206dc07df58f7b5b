package io.raftdeck.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A directory tree deleted under a running node, as an operator's {@code rm -rf} would. */
public final class DirectoryDeletion {

    private DirectoryDeletion() {
    }

    /** Deletes {@code top} and everything below it, deepest first. */
    public static void delete(Path top) throws IOException {
        try (Stream<Path> files = Files.walk(top)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
