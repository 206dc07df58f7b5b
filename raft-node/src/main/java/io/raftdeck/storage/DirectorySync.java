package io.raftdeck.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * fsync of a directory. A new file's data can be durable while its name is not: until the
 * directory entry is synced, a crash can make the whole file vanish.
 */
final class DirectorySync {

    private DirectorySync() {
    }

    static void force(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
