package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable log: a directory of segment files ({@link WalSegment}) holding checksummed
 * records ({@link WalRecordCodec}). A save appends its records and fdatasyncs once; an entry
 * at or below the last index is written as is and replay lets it cut the suffix, so nothing is
 * ever rewritten in place. A new segment is started once the current one has reached
 * {@code segmentBytes}; a batch is never split across two segments.
 *
 * <p>Compaction: a snapshot record says the log now starts after a snapshot (whose state the
 * {@link SnapshotStore} holds). Once it is durable, the oldest segments whose entries all lie
 * at or before the snapshot are deleted, so the log's size stays bounded under an endless
 * write load. Replay of a log whose first segments were deleted starts at the first segment
 * left and trusts it only once a snapshot record says where the log starts.
 *
 * <p>Not for concurrent writers; methods are synchronized so {@link #close} from another
 * thread is safe.
 */
public final class WriteAheadLog implements AutoCloseable {

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

    private final Path directory;
    private final long segmentBytes;
    private final WalBatchWriter writer = new WalBatchWriter();

    private WalSegment segment;
    private FileChannel channel;
    private long segmentSize;
    /** Where the stored log starts and ends, and its terms, to check saves against. */
    private LogTerms terms = new LogTerms(0, 0, List.of());
    private long commitIndex;
    private HardState hardState = HardState.INITIAL;
    /** Each segment's highest entry index, by sequence number, oldest first. */
    private final TreeMap<Long, Long> maxEntryIndexBySegment = new TreeMap<>();
    private boolean recovered;
    private boolean closed;
    private StorageException failure;
    private long syncCount;

    public WriteAheadLog(Path directory) {
        this(directory, DEFAULT_SEGMENT_BYTES);
    }

    /** @param segmentBytes size after which a new segment starts (tiny in tests) */
    public WriteAheadLog(Path directory, long segmentBytes) {
        if (segmentBytes < 1) {
            throw new IllegalArgumentException("segment size must be positive: " + segmentBytes);
        }
        this.directory = directory.toAbsolutePath().normalize();
        this.segmentBytes = segmentBytes;
    }

    /**
     * Replays every segment, cuts a torn tail off the last one, and opens it for appending.
     * The recovered snapshot carries the position of the latest snapshot record, without
     * bytes: the snapshot store holds those.
     *
     * @throws StorageException when a record other than a torn tail is bad, or a file is
     *     missing: the message names the file and offset
     */
    public synchronized RecoveredState recover() throws IOException {
        requireOpen();
        if (recovered) {
            throw new IllegalStateException("recover() runs once, before the first save()");
        }
        createDirectory();
        List<WalSegment> segments = WalSegment.list(directory);
        // Segments before the first one left were deleted after a compaction.
        boolean compacted = !segments.isEmpty() && segments.get(0).sequence() > 1;
        LogImage image = compacted ? LogImage.afterDeletedSegments() : new LogImage();
        WalSegmentReader reader = new WalSegmentReader();
        int lastSize = 0;
        int lastGoodEnd = 0;
        for (int i = 0; i < segments.size(); i++) {
            byte[] bytes = readSegment(segments.get(i));
            lastSize = bytes.length;
            lastGoodEnd = reader.replay(segments.get(i), bytes, i == segments.size() - 1, image);
            maxEntryIndexBySegment.put(segments.get(i).sequence(), reader.maxEntryIndex());
        }
        String incomplete = image.finishReplay();
        if (incomplete != null) {
            throw WalCorruption.in(segments.get(0).path(), incomplete);
        }
        checkCommitIndex(image);
        if (segments.isEmpty()) {
            startSegment(WalSegment.in(directory, 1));
        } else {
            openForAppend(segments.get(segments.size() - 1), lastSize, lastGoodEnd);
        }
        RecoveredState state = image.toRecoveredState(null);
        terms = new LogTerms(state.snapshot().index(), state.snapshot().term(), state.entries());
        commitIndex = image.hardState().commitIndex();
        hardState = image.hardState();
        recovered = true;
        return state;
    }

    /** Appends the batch and fdatasyncs once. See {@link RaftStorage#save}. */
    public synchronized void save(HardState hardState, List<Entry> entries) {
        requireUsable();
        SaveRules.check(terms.snapshotIndex(), terms.lastIndex(), commitIndex, hardState,
                entries);
        if (hardState == null && entries.isEmpty()) {
            return;
        }
        write(null, hardState, entries);
        terms.append(entries);
        if (hardState != null) {
            commitIndex = hardState.commitIndex();
            this.hardState = hardState;
        }
    }

    /**
     * Records durably that the log now starts after {@code snapshot} (already durable in the
     * snapshot store), then deletes the oldest segments it makes useless. With
     * {@code replacesLog} every entry stored so far is dropped (a snapshot from the leader);
     * otherwise only those up to the snapshot's index (a compaction of applied entries).
     * The latest hard state is written again beside the record, so deleting older segments
     * never loses it.
     */
    public synchronized void recordSnapshot(Snapshot snapshot, boolean replacesLog) {
        checkSnapshot(snapshot, replacesLog);
        write(new SnapshotMarker(snapshot.index(), snapshot.term(), replacesLog), hardState,
                List.of());
        if (replacesLog) {
            terms.install(snapshot.index(), snapshot.term());
        } else {
            terms.compact(snapshot.index(), snapshot.term());
        }
        deleteSegmentsThrough(snapshot.index());
    }

    /**
     * Throws IllegalArgumentException if {@link #recordSnapshot} would refuse
     * {@code snapshot}, without writing anything.
     */
    public synchronized void checkSnapshot(Snapshot snapshot, boolean replacesLog) {
        requireUsable();
        SaveRules.checkSnapshot(terms.snapshotIndex(), terms.lastIndex(), commitIndex,
                terms.termAt(snapshot.index()), snapshot, replacesLog);
    }

    /** Files of the log, for tests and for watching its disk use. */
    public synchronized List<Path> segmentFiles() throws IOException {
        return WalSegment.list(directory).stream().map(WalSegment::path).toList();
    }

    private void write(SnapshotMarker marker, HardState batchHardState, List<Entry> entries) {
        // A segment holds at least one batch, whatever the size limit, so no file is empty.
        if (segmentSize >= segmentBytes && segmentSize > WalSegment.HEADER_BYTES) {
            roll();
        }
        try {
            segmentSize += writer.write(channel, segmentSize, marker, batchHardState, entries);
            channel.force(false);
            syncCount++;
        } catch (IOException e) {
            throw fail("write", segment.path(), e);
        }
        if (!entries.isEmpty()) {
            maxEntryIndexBySegment.merge(segment.sequence(),
                    entries.get(entries.size() - 1).index(), Math::max);
        }
    }

    /**
     * Deletes, oldest first, the segments before the current one whose entries all lie at or
     * before {@code index}. Each deletion is made durable before the next, so a crash leaves
     * the remaining segments numbered without a gap.
     */
    private void deleteSegmentsThrough(long index) {
        Iterator<Map.Entry<Long, Long>> oldest = maxEntryIndexBySegment.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<Long, Long> next = oldest.next();
            if (next.getKey() >= segment.sequence() || next.getValue() > index) {
                return;
            }
            WalSegment covered = WalSegment.in(directory, next.getKey());
            try {
                Files.delete(covered.path());
                DirectorySync.force(directory);
                syncCount++;
            } catch (IOException e) {
                throw fail("deleting compacted segment", covered.path(), e);
            }
            oldest.remove();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Every acknowledged save was already synced; nothing is lost by this.
            }
            channel = null;
        }
    }

    public Path directory() {
        return directory;
    }

    /** fsync/fdatasync calls made so far, files and directories alike: for tests. */
    synchronized long syncCount() {
        return syncCount;
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory);
        DirectorySync.force(directory.getParent());
        syncCount++;
    }

    private byte[] readSegment(WalSegment current) throws IOException {
        long size = Files.size(current.path());
        if (size > Integer.MAX_VALUE - 64) {
            throw WalCorruption.in(current.path(), "segment of " + size + " bytes is too large");
        }
        return Files.readAllBytes(current.path());
    }

    /** Cuts a torn tail (rewriting a torn header) and positions the log at the good end. */
    private void openForAppend(WalSegment last, long size, int goodEnd) throws IOException {
        if (goodEnd == WalSegmentReader.TORN_HEADER) {
            Files.delete(last.path());
            startSegment(last);
            return;
        }
        channel = FileChannel.open(last.path(), StandardOpenOption.WRITE);
        segment = last;
        segmentSize = goodEnd;
        if (goodEnd < size) {
            channel.truncate(goodEnd);
            channel.force(true);
            syncCount++;
        }
    }

    private void roll() {
        WalSegment next = WalSegment.in(directory, segment.sequence() + 1);
        try {
            FileChannel previous = channel;
            startSegment(next);
            previous.close();
        } catch (IOException e) {
            throw fail("creating segment", next.path(), e);
        }
    }

    /** Creates a segment with a synced header and a synced directory entry, then uses it. */
    private void startSegment(WalSegment next) throws IOException {
        FileChannel created = FileChannel.open(next.path(), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        try {
            next.writeHeader(created);
            created.force(false);
            DirectorySync.force(directory);
            syncCount += 2;
        } catch (IOException e) {
            created.close();
            throw e;
        }
        channel = created;
        segment = next;
        segmentSize = WalSegment.HEADER_BYTES;
        maxEntryIndexBySegment.putIfAbsent(next.sequence(), 0L);
    }

    private void checkCommitIndex(LogImage image) {
        if (image.hardState().commitIndex() > image.lastIndex()) {
            throw new StorageException("WAL corrupt: " + directory + ": commit index "
                    + image.hardState().commitIndex() + " is beyond the last entry "
                    + image.lastIndex() + ", committed entries are missing");
        }
    }

    private StorageException fail(String action, Path file, IOException cause) {
        failure = new StorageException("WAL " + action + " failed on " + file + ": "
                + IoErrors.reason(cause) + "; the log is unusable", cause);
        close();
        return failure;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("WAL " + directory + " is closed");
        }
    }

    private void requireUsable() {
        // A failed write or fsync is never retried: the kernel may have dropped the pages.
        if (failure != null) {
            throw new StorageException(failure.getMessage(), failure);
        }
        requireOpen();
        if (!recovered) {
            throw new IllegalStateException("recover() must run before save()");
        }
    }
}
