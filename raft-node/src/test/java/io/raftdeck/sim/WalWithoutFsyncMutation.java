package io.raftdeck.sim;

import io.raftdeck.storage.StorageFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Mutation (d): the WAL skipping its fsync on save. The real WAL runs unchanged on a disk
 * whose channels onto segment files ({@code *.wal}) ignore {@code force}: every save returns
 * as if durable, and the node votes and acknowledges on it, but its records stay in the page
 * cache, which a crash loses or tears. Snapshots and directories still sync.
 */
final class WalWithoutFsyncMutation implements SimMutation {

    @Override
    public StorageFiles files(int nodeId, StorageFiles disk) {
        return new NoSegmentSync(disk);
    }

    @Override
    public NodeWiring wire(int nodeId, SimStorage storage, SimStateMachine stateMachine) {
        return new NodeWiring(storage, stateMachine);
    }

    /** The node's disk, but a WAL segment's channel never reaches the platter. */
    private static final class NoSegmentSync implements StorageFiles {
        private final StorageFiles disk;

        NoSegmentSync(StorageFiles disk) {
            this.disk = disk;
        }

        @Override
        public FileChannel open(Path file, OpenOption... options) throws IOException {
            FileChannel channel = disk.open(file, options);
            return file.getFileName().toString().endsWith(".wal")
                    ? new UnforcedChannel(channel) : channel;
        }

        @Override
        public byte[] readAllBytes(Path file) throws IOException {
            return disk.readAllBytes(file);
        }

        @Override
        public long size(Path file) throws IOException {
            return disk.size(file);
        }

        @Override
        public boolean exists(Path path) {
            return disk.exists(path);
        }

        @Override
        public boolean isDirectory(Path path) {
            return disk.isDirectory(path);
        }

        @Override
        public boolean isAccessible(Path directory) {
            return disk.isAccessible(directory);
        }

        @Override
        public void createDirectory(Path directory) throws IOException {
            disk.createDirectory(directory);
        }

        @Override
        public List<Path> list(Path directory) throws IOException {
            return disk.list(directory);
        }

        @Override
        public void moveAtomically(Path source, Path target) throws IOException {
            disk.moveAtomically(source, target);
        }

        @Override
        public void delete(Path path) throws IOException {
            disk.delete(path);
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            disk.syncDirectory(directory);
        }

        @Override
        public Object fileKey(Path file) throws IOException {
            return disk.fileKey(file);
        }
    }

    /** A channel passed through, except that {@link #force} does nothing. */
    private static final class UnforcedChannel extends FileChannel {
        private final FileChannel channel;

        UnforcedChannel(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void force(boolean metaData) {
            // The defect: the data stays in the page cache.
        }

        @Override
        public int read(ByteBuffer destination) throws IOException {
            return channel.read(destination);
        }

        @Override
        public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
            return channel.read(destinations, offset, length);
        }

        @Override
        public int read(ByteBuffer destination, long position) throws IOException {
            return channel.read(destination, position);
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            return channel.write(source);
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
            return channel.write(sources, offset, length);
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            return channel.write(source, position);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target)
                throws IOException {
            return channel.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel source, long position, long count)
                throws IOException {
            return channel.transferFrom(source, position, count);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return channel.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return channel.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return channel.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            channel.close();
        }
    }
}
