package io.raftdeck.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A directory tree deleted under a running node, as an operator's {@code rm -rf} would. */
public final class DirectoryDeletion {

    /**
     * Passes over the tree before giving up. The node keeps writing while the tree goes (a
     * save, a file replaced atomically beside its old one), so one pass can find a directory
     * that gained a file since it was listed; an operator would run {@code rm -rf} again.
     */
    private static final int MAX_PASSES = 20;

    private DirectoryDeletion() {
    }

    /** Deletes {@code top} and everything below it, deepest first, while the node writes. */
    public static void delete(Path top) throws IOException {
        for (int pass = 1; Files.exists(top); pass++) {
            try {
                deleteOnce(top);
            } catch (DirectoryNotEmptyException | NoSuchFileException raced) {
                if (pass == MAX_PASSES) {
                    throw raced;
                }
            } catch (UncheckedIOException raced) {
                // Files.walk reports a directory that went while it was listed this way.
                if (!(raced.getCause() instanceof NoSuchFileException) || pass == MAX_PASSES) {
                    throw raced;
                }
            }
        }
    }

    private static void deleteOnce(Path top) throws IOException {
        List<Path> deepestFirst;
        try (Stream<Path> files = Files.walk(top)) {
            deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path file : deepestFirst) {
            Files.deleteIfExists(file);
        }
    }
}
