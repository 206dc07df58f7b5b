package io.raftdeck.storage;

import io.raftdeck.core.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * State machine snapshots on disk, one file each, {@code snapshot-<index>-<term>.snap}:
 * <pre>
 *   int  magic "RDSN"   int  format version
 *   long index          long term          long dataLength
 *   int  crc32c         over index, term, dataLength and the data
 *   ...  data
 * </pre>
 * A snapshot is written to a temporary file, fsynced, renamed into place and the directory
 * fsynced, so a crash leaves the whole file or none of it. Only the newest snapshot is kept:
 * the log before it is gone, so an older one could not be used anyway. A newest snapshot that
 * does not check out is reported, naming the file, never silently skipped: that would lose
 * every write it holds.
 */
public final class SnapshotStore {

    static final int HEADER_BYTES = 36;
    private static final int MAGIC = 0x5244534E; // "RDSN"
    private static final int FORMAT_VERSION = 1;
    private static final String SUFFIX = ".snap";
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})-(\\d{20})\\.snap");

    private final Path directory;
    private final StorageFiles files;

    public SnapshotStore(Path directory) {
        this(directory, StorageFiles.SYSTEM);
    }

    /** @param files the disk the snapshots live on: the real one, or a simulated one */
    public SnapshotStore(Path directory, StorageFiles files) {
        this.directory = directory.toAbsolutePath().normalize();
        this.files = files;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Creates the directory if needed and removes what a crash in the middle of a save left.
     */
    public void open() throws IOException {
        DurableDirectories.create(files, directory);
        for (Path file : files.list(directory)) {
            if (file.getFileName().toString().endsWith(AtomicReplace.TEMPORARY_SUFFIX)) {
                files.delete(file);
            }
        }
    }

    /**
     * The newest snapshot, or {@link Snapshot#NONE} when there is none.
     *
     * @throws StorageException naming the file when the newest snapshot is damaged
     */
    public Snapshot loadNewest() throws IOException {
        List<Path> snapshots = list();
        if (snapshots.isEmpty()) {
            return Snapshot.NONE;
        }
        return read(snapshots.get(snapshots.size() - 1));
    }

    /** Writes {@code snapshot} durably, then deletes the older ones. */
    public void save(Snapshot snapshot) throws IOException {
        Path file = directory.resolve(fileName(snapshot.index(), snapshot.term()));
        AtomicReplace.write(files, file, header(snapshot), ByteBuffer.wrap(snapshot.data()));
        for (Path older : list()) {
            if (!older.equals(file)) {
                files.delete(older);
            }
        }
    }

    /** Snapshot files, oldest first. */
    List<Path> list() throws IOException {
        List<Path> snapshots = new ArrayList<>();
        for (Path file : files.list(directory)) {
            String name = file.getFileName().toString();
            if (!name.endsWith(SUFFIX)) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                throw corrupt(file, "unexpected file name in the snapshot directory");
            }
            snapshots.add(file);
        }
        snapshots.sort(Comparator.comparing(path -> path.getFileName().toString()));
        return snapshots;
    }

    static String fileName(long index, long term) {
        return String.format("snapshot-%020d-%020d.snap", index, term);
    }

    private static ByteBuffer header(Snapshot snapshot) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).putInt(FORMAT_VERSION).putLong(snapshot.index())
                .putLong(snapshot.term()).putLong(snapshot.data().length);
        int crc = checksum(header.array(), snapshot.data(), 0);
        header.putInt(crc).flip();
        return header;
    }

    /** CRC32C over the header's index, term and length fields, then the data. */
    private static int checksum(byte[] header, byte[] data, int dataOffset) {
        CRC32C crc = new CRC32C();
        crc.update(header, 8, 24);
        crc.update(data, dataOffset, data.length - dataOffset);
        return (int) crc.getValue();
    }

    private Snapshot read(Path file) throws IOException {
        Matcher name = NAME.matcher(file.getFileName().toString());
        name.matches();
        long size = files.size(file);
        if (size < HEADER_BYTES || size - HEADER_BYTES > Integer.MAX_VALUE - 64) {
            throw corrupt(file, "size " + size + " bytes is impossible for a snapshot");
        }
        byte[] bytes = files.readAllBytes(file);
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER_BYTES);
        if (header.getInt() != MAGIC) {
            throw corrupt(file, "not a snapshot file (bad magic number)");
        }
        int version = header.getInt();
        if (version != FORMAT_VERSION) {
            throw corrupt(file, "unsupported snapshot format version " + version);
        }
        long index = header.getLong();
        long term = header.getLong();
        long dataLength = header.getLong();
        int storedChecksum = header.getInt();
        if (dataLength != bytes.length - HEADER_BYTES) {
            throw corrupt(file, "header says " + dataLength + " bytes of state but "
                    + (bytes.length - HEADER_BYTES) + " follow");
        }
        if (storedChecksum != checksum(bytes, bytes, HEADER_BYTES)) {
            throw corrupt(file, "checksum mismatch");
        }
        if (index != Long.parseLong(name.group(1)) || term != Long.parseLong(name.group(2))
                || index < 1 || term < 1) {
            throw corrupt(file, "header says " + index + "@" + term
                    + ", which does not match the file name");
        }
        byte[] data = new byte[(int) dataLength];
        System.arraycopy(bytes, HEADER_BYTES, data, 0, data.length);
        return new Snapshot(index, term, data);
    }

    private static StorageException corrupt(Path file, String problem) {
        return new StorageException("snapshot damaged: " + file + ": " + problem);
    }
}
