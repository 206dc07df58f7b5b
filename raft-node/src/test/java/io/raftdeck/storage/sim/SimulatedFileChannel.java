package io.raftdeck.storage.sim;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A {@link java.nio.channels.FileChannel} onto a {@link SimulatedFile}: the storage code keeps
 * its FileChannel calls, and each write, truncation and force goes to the {@link SimulatedDisk},
 * which decides what of it survives a crash. Mapping, locking and transfers are not simulated:
 * the storage code does not use them.
 */
final class SimulatedFileChannel extends java.nio.channels.FileChannel {

    private final SimulatedDisk disk;
    private final SimulatedFile file;
    private final Path path;
    private final int generation;
    private final boolean readable;
    private final boolean writable;
    private long position;

    SimulatedFileChannel(SimulatedDisk disk, SimulatedFile file, Path path, int generation,
                         boolean readable, boolean writable) {
        this.disk = disk;
        this.file = file;
        this.path = path;
        this.generation = generation;
        this.readable = readable;
        this.writable = writable;
    }

    Path path() {
        return path;
    }

    int generation() {
        return generation;
    }

    @Override
    public int read(ByteBuffer destination) throws IOException {
        int count = read(destination, position);
        if (count > 0) {
            position += count;
        }
        return count;
    }

    @Override
    public int read(ByteBuffer destination, long at) throws IOException {
        checkOpen();
        if (!readable) {
            throw new NonReadableChannelException();
        }
        byte[] bytes = new byte[destination.remaining()];
        int count;
        synchronized (disk) {
            disk.checkAlive(this);
            count = file.read(at, bytes, 0, bytes.length);
        }
        if (count > 0) {
            destination.put(bytes, 0, count);
        }
        return count;
    }

    @Override
    public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int count = read(destinations[i]);
            if (count < 0) {
                return total == 0 ? -1 : total;
            }
            total += count;
        }
        return total;
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        int count = write(source, position);
        position += count;
        return count;
    }

    @Override
    public int write(ByteBuffer source, long at) throws IOException {
        checkOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        byte[] bytes = new byte[source.remaining()];
        source.get(bytes);
        disk.write(this, file, at, bytes);
        return bytes.length;
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(sources[i]);
        }
        return total;
    }

    @Override
    public long position() throws IOException {
        checkOpen();
        return position;
    }

    @Override
    public SimulatedFileChannel position(long newPosition) throws IOException {
        checkOpen();
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        checkOpen();
        synchronized (disk) {
            disk.checkAlive(this);
            return file.size();
        }
    }

    @Override
    public SimulatedFileChannel truncate(long size) throws IOException {
        checkOpen();
        if (!writable) {
            throw new NonWritableChannelException();
        }
        disk.truncate(this, file, size);
        position = Math.min(position, size);
        return this;
    }

    /** fsync and fdatasync alike: both make the data and the size durable, not the name. */
    @Override
    public void force(boolean metaData) throws IOException {
        checkOpen();
        disk.force(this, file);
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public long transferFrom(ReadableByteChannel source, long at, long count) {
        throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) {
        throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("not simulated");
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) {
        throw new UnsupportedOperationException("not simulated");
    }

    @Override
    protected void implCloseChannel() {
        // Nothing to release; closing never syncs, as on a real disk.
    }

    private void checkOpen() throws IOException {
        if (!isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }
}
