package io.raftdeck.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * How the WAL makes a segment's written bytes durable: fdatasync in production. A seam so
 * tests can make it fail the way a dying disk does, and check that a failed sync is never
 * retried (after a failed fsync the kernel may have dropped the dirty pages and report the
 * next one as a success).
 */
@FunctionalInterface
interface FileSync {

    FileSync FDATASYNC = channel -> channel.force(false);

    void force(FileChannel channel) throws IOException;
}
