package io.raftdeck.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The one-line text files of a data directory (whose node, which incarnation, the peers' known
 * incarnations), each replaced atomically ({@link AtomicReplace}).
 */
final class SmallFiles {

    private SmallFiles() {
    }

    static void replace(StorageFiles files, Path file, String content) throws IOException {
        AtomicReplace.write(files, file, StandardCharsets.UTF_8.encode(content));
    }

    static String read(StorageFiles files, Path file) throws IOException {
        return new String(files.readAllBytes(file), StandardCharsets.UTF_8).strip();
    }
}
