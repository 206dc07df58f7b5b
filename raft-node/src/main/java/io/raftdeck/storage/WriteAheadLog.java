package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
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
 * <p>Deleted under a running node: the open segment would take writes and syncs as before,
 * into a file no restart can find. So after every synced write, and whenever
 * {@link #checkIntact} is called, the log checks that its segment is still the file at its
 * path (the same file key: device and inode), and fails for good when it is not, before the
 * caller acknowledges anything the save was for.
 *
 * <p>Not for concurrent writers; methods are synchronized so {@link #close} from another
 * thread is safe.
 */
public final class WriteAheadLog implements AutoCloseable {

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    private static final System.Logger LOGGER = System.getLogger(WriteAheadLog.class.getName());

    private final Path directory;
    private final long segmentBytes;
    private final StorageFiles files;
    private final WalBatchWriter writer = new WalBatchWriter();
    private final FileSync sync;
    private final WalPreallocation preallocation;

    private WalSegment segment;
    private FileChannel channel;
    /** The file key (device, inode) of the segment {@link #channel} writes, when it opened. */
    private Object segmentFileKey;
    private long segmentSize;
    /**
     * Where the segment's synced data ends: every record written carries it, so recovery can
     * tell damage to synced data from a torn write ({@link WalSegmentReader}).
     */
    private long syncedEnd;
    /** The segment's format: one of an earlier version is finished before the next save. */
    private int segmentFormat;
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
        this(directory, segmentBytes, StorageFiles.SYSTEM);
    }

    /** @param files the disk the log lives on: the real one, or a simulated one in tests */
    public WriteAheadLog(Path directory, long segmentBytes, StorageFiles files) {
        this(directory, segmentBytes, files, FileSync.FDATASYNC, true);
    }

    /** @param sync how appended records are made durable (fails on purpose in tests) */
    WriteAheadLog(Path directory, long segmentBytes, FileSync sync) {
        this(directory, segmentBytes, StorageFiles.SYSTEM, sync, true);
    }

    /**
     * @param preallocate whether to zero space ahead of the records ({@link WalPreallocation});
     *     off in tests of byte-exact files, which is also what files look like when zeroing
     *     failed or was written by a version without it
     */
    WriteAheadLog(Path directory, long segmentBytes, StorageFiles files, FileSync sync,
                  boolean preallocate) {
        this.files = files;
        this.sync = sync;
        if (segmentBytes < 1) {
            throw new IllegalArgumentException("segment size must be positive: " + segmentBytes);
        }
        this.directory = directory.toAbsolutePath().normalize();
        this.segmentBytes = segmentBytes;
        this.preallocation = new WalPreallocation(segmentBytes, preallocate);
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
        initialize(directory, files);
        List<WalSegment> segments = WalSegment.list(directory, files);
        if (segments.isEmpty()) {
            // The directory is only ever created holding its first segment.
            throw WalCorruption.in(directory, "no segment left: the WAL's files were deleted;"
                    + " refusing to start on a log that may have lost entries and votes");
        }
        // Segments before the first one left were deleted after a compaction.
        boolean compacted = segments.get(0).sequence() > 1;
        LogImage image = compacted ? LogImage.afterDeletedSegments() : new LogImage();
        WalSegmentReader reader = new WalSegmentReader();
        int count = segments.size();
        // The newest segment is read first: whether it holds any record decides how the one
        // before it is read.
        byte[] lastBytes = readSegment(segments.get(count - 1));
        boolean lastEmpty = count >= 2 && holdsNoRecord(lastBytes);
        WalSegment appendTo = null;
        int appendSize = 0;
        int appendGoodEnd = 0;
        int appendDataEnd = 0;
        int appendFormat = WalSegment.FORMAT_SYNCED_END;
        int soundRecordsCut = 0;
        for (int i = 0; i < count; i++) {
            WalSegment current = segments.get(i);
            boolean last = i == count - 1;
            if (last && lastEmpty && appendTo != null) {
                // A roll crashed before its seal was durable: the new segment holds nothing.
                discardEmptySegment(current);
                break;
            }
            byte[] bytes = last ? lastBytes : readSegment(current);
            WalSegmentReader.Tearing tearing = last ? WalSegmentReader.Tearing.TAIL
                    : (i == count - 2 && lastEmpty ? WalSegmentReader.Tearing.SEAL
                    : WalSegmentReader.Tearing.NONE);
            int goodEnd = reader.replay(current, bytes, tearing, image);
            maxEntryIndexBySegment.put(current.sequence(), reader.maxEntryIndex());
            if (last) {
                checkLastSegment(current, bytes, goodEnd, reader.sealedFor());
                appendTo = current;
            } else if (reader.sealedFor() == 0 && i == count - 2 && lastEmpty) {
                appendTo = current; // unsealed: the roll to the empty last segment crashed
            } else {
                checkSealed(current, reader.sealedFor());
            }
            appendSize = bytes.length;
            appendGoodEnd = goodEnd;
            appendDataEnd = WalSegmentReader.dataEnd(bytes);
            appendFormat = reader.format();
            soundRecordsCut = reader.soundRecordsCut();
        }
        String incomplete = image.finishReplay();
        if (incomplete != null) {
            throw WalCorruption.in(segments.get(0).path(), incomplete);
        }
        checkCommitIndex(image);
        openForAppend(appendTo, appendSize, appendGoodEnd, appendDataEnd, soundRecordsCut);
        segmentFormat = appendFormat;
        RecoveredState state = image.toRecoveredState(null);
        terms = new LogTerms(state.snapshot().index(), state.snapshot().term(), state.entries());
        commitIndex = image.hardState().commitIndex();
        hardState = image.hardState();
        recovered = true;
        return state;
    }

    /**
     * Creates {@code directory} holding its first segment, atomically: the segment is made in
     * a staging directory that is renamed into place. So a WAL directory without segments is
     * never a crash's doing, always lost files. Does nothing when the directory exists.
     */
    static void initialize(Path directory) throws IOException {
        initialize(directory, StorageFiles.SYSTEM);
    }

    static void initialize(Path directory, StorageFiles files) throws IOException {
        Path wal = directory.toAbsolutePath().normalize();
        if (files.isDirectory(wal)) {
            return;
        }
        Path parent = wal.getParent();
        DurableDirectories.create(files, parent);
        Path staging = parent.resolve(wal.getFileName() + ".new");
        deleteStaging(staging, files);
        files.createDirectory(staging);
        try (FileChannel first = files.open(WalSegment.in(staging, 1).path(),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            WalSegment.in(staging, 1).writeHeader(first);
            first.force(false);
        }
        files.syncDirectory(staging);
        files.moveAtomically(staging, wal);
        files.syncDirectory(parent);
    }

    /** A staging directory left by a crash during {@link #initialize}: at most one segment. */
    private static void deleteStaging(Path staging, StorageFiles files) throws IOException {
        if (!files.exists(staging)) {
            return;
        }
        for (Path file : files.list(staging)) {
            files.delete(file);
        }
        files.delete(staging);
    }

    /**
     * Whether a segment (the newest) holds no record: nothing but zeros after the header's
     * place, which covers a header alone, a torn header, and a header followed by zeroed space.
     */
    private static boolean holdsNoRecord(byte[] bytes) {
        return WalSegmentReader.zeroFrom(bytes, WalSegment.HEADER_BYTES);
    }

    /**
     * The newest segment must not be sealed: a seal is written only once the next segment
     * was created and synced, so a sealed newest segment means its successor was deleted,
     * with entries and votes the node may have acknowledged. Its header cannot be torn
     * either: a new segment's header is synced before anything refers to it.
     */
    private void checkLastSegment(WalSegment last, byte[] bytes, int goodEnd, long sealedFor) {
        if (goodEnd == WalSegmentReader.TORN_HEADER) {
            throw WalCorruption.at(last.path(), 0, last.headerProblem(bytes));
        }
        if (sealedFor != 0) {
            throw WalCorruption.in(last.path(), "it is sealed, so segment " + sealedFor
                    + " was written after it, but that segment is missing (deleted?);"
                    + " refusing to start on a log that may have lost entries and votes");
        }
    }

    /** A segment followed by another ends with a seal naming that next one. */
    private static void checkSealed(WalSegment segment, long sealedFor) {
        if (sealedFor == 0) {
            throw WalCorruption.in(segment.path(), "segment " + (segment.sequence() + 1)
                    + " follows it, but it was never sealed");
        }
        if (sealedFor != segment.sequence() + 1) {
            throw WalCorruption.in(segment.path(), "its seal names segment " + sealedFor
                    + ", not the next one, " + (segment.sequence() + 1));
        }
    }

    private void discardEmptySegment(WalSegment empty) throws IOException {
        files.delete(empty.path());
        files.syncDirectory(directory);
        syncCount++;
    }

    /**
     * Appends the batch and fdatasyncs once, unless it only advances the commit index. See
     * {@link RaftStorage#save}.
     */
    public synchronized boolean save(HardState hardState, List<Entry> entries) {
        requireUsable();
        SaveRules.check(terms.snapshotIndex(), terms.lastIndex(), commitIndex, hardState,
                entries);
        if (hardState == null && entries.isEmpty()) {
            return false;
        }
        // An unsynced commit record is made durable by the next sync of this file (a later
        // batch, or the seal when the segment rolls), and is cut like a torn tail if lost.
        boolean synced = RaftStorage.needsSync(this.hardState, hardState, entries);
        write(null, hardState, entries, synced);
        if (synced) {
            // The vote or acknowledgement sent after a sync repeats its promise to the peers:
            // the file must be one a restart finds. One stat per fsync; a save that only
            // advances the commit index promises nothing.
            checkSegmentInPlace();
        }
        terms.append(entries);
        if (hardState != null) {
            commitIndex = hardState.commitIndex();
            this.hardState = hardState;
        }
        return synced;
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
                List.of(), true);
        checkSegmentInPlace();
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

    /**
     * Fails for good, like a failed write, when the segment being written is no longer the
     * file at its path: deleted (with the WAL or the whole data dir) or replaced. Cheap, one
     * stat; a node calls it about once a second, so an idle node notices too.
     *
     * @throws StorageException naming the segment and its directory
     */
    public synchronized void checkIntact() {
        requireUsable();
        checkSegmentInPlace();
    }

    private void checkSegmentInPlace() {
        Object now;
        try {
            now = fileKey(segment.path());
        } catch (NoSuchFileException gone) {
            now = null;
        } catch (IOException e) {
            throw fail("checking segment", segment.path(), e);
        }
        if (now == null || !now.equals(segmentFileKey)) {
            failure = new StorageException("WAL segment " + segment.path() + " was "
                    + (now == null ? "deleted" : "replaced") + " while in use (data dir "
                    + directory.getParent() + " deleted or moved?); the log is unusable");
            close();
            throw failure;
        }
    }

    /**
     * A file's identity: device and inode on Unix. Where the platform has none, a constant:
     * then only a deletion is told, not a replacement.
     */
    private Object fileKey(Path file) throws IOException {
        return files.fileKey(file);
    }

    /** Files of the log, for tests and for watching its disk use. */
    public synchronized List<Path> segmentFiles() throws IOException {
        return WalSegment.list(directory, files).stream().map(WalSegment::path).toList();
    }

    private void write(SnapshotMarker marker, HardState batchHardState, List<Entry> entries,
                       boolean synced) {
        // A segment holds at least one batch, whatever the size limit, so no file is empty.
        // One of an earlier format is finished at once: every record after an upgrade says
        // what was synced before it.
        if (segmentSize >= segmentBytes && segmentSize > WalSegment.HEADER_BYTES
                || segmentFormat != WalSegment.FORMAT_SYNCED_END) {
            roll();
        }
        try {
            segmentSize += writer.write(channel, segmentSize, (int) syncedEnd, marker,
                    batchHardState, entries);
            if (synced) {
                sync.force(channel);
                syncCount++;
                syncedEnd = segmentSize;
            }
        } catch (IOException e) {
            throw fail("write", segment.path(), e);
        }
        if (synced) {
            IOException unused = preallocation.extend(channel, segmentSize);
            if (unused != null) {
                LOGGER.log(System.Logger.Level.WARNING, "WAL " + segment.path()
                        + ": cannot zero space ahead of the log (" + IoErrors.reason(unused)
                        + "); appending without it, each sync a little slower");
            }
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
                files.delete(covered.path());
                files.syncDirectory(directory);
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

    private byte[] readSegment(WalSegment current) throws IOException {
        long size = files.size(current.path());
        if (size > Integer.MAX_VALUE - 64) {
            throw WalCorruption.in(current.path(), "segment of " + size + " bytes is too large");
        }
        return files.readAllBytes(current.path());
    }

    /**
     * Cuts a torn tail and positions the log at the good end. A cut of real data (not just
     * zeroed space, which every clean stop leaves) gets one line: an operator reading about a
     * crash should see that the WAL lost a write in flight, where, and how much.
     *
     * <p>The segment is synced here even with nothing to cut: records written next will say
     * that everything before them is synced, and after a restart without a power loss the
     * page cache may still hold records the previous process wrote and never synced.
     */
    private void openForAppend(WalSegment last, long size, int goodEnd, int dataEnd,
                               int soundRecordsCut) throws IOException {
        channel = files.open(last.path(), StandardOpenOption.WRITE);
        segmentFileKey = fileKey(last.path());
        segment = last;
        segmentSize = goodEnd;
        if (dataEnd > goodEnd) {
            LOGGER.log(System.Logger.Level.WARNING, "WAL " + last.path() + ": cut a torn tail"
                    + " at offset " + goodEnd + ", " + (dataEnd - goodEnd) + " bytes of a write"
                    + " that did not complete (a crash mid-append"
                    + (soundRecordsCut == 0 ? "" : "; cut with it " + soundRecordsCut
                    + " whole record" + (soundRecordsCut == 1 ? "" : "s") + " of its unsynced"
                    + " batch, written back out of order")
                    + "); the records before it are kept");
        }
        if (goodEnd < size) {
            // A torn tail, or zeroed space: both go, and zeros are written ahead again.
            channel.truncate(goodEnd);
            channel.force(true);
        } else {
            channel.force(false);
        }
        syncCount++;
        syncedEnd = goodEnd;
        preallocation.opened(goodEnd);
    }

    /**
     * Starts the next segment, then seals the current one: the seal, synced, says the next
     * segment exists durably, so recovery can tell its later loss from a crash mid-roll.
     */
    private void roll() {
        WalSegment previous = segment;
        FileChannel previousChannel = channel;
        long previousSize = segmentSize;
        long previousSyncedEnd = syncedEnd;
        int previousFormat = segmentFormat;
        WalSegment next = WalSegment.in(directory, previous.sequence() + 1);
        try {
            startSegment(next);
        } catch (IOException e) {
            throw fail("creating segment", next.path(), e);
        }
        try {
            writer.writeSeal(previousChannel, previousSize, (int) previousSyncedEnd,
                    next.sequence(), previousFormat);
            sync.force(previousChannel);
            syncCount++;
            previousChannel.close();
        } catch (IOException e) {
            try {
                previousChannel.close();
            } catch (IOException ignored) {
                // The log is unusable from here on; the first failure is the one to report.
            }
            throw fail("sealing segment", previous.path(), e);
        }
    }

    /** Creates a segment with a synced header and a synced directory entry, then uses it. */
    private void startSegment(WalSegment next) throws IOException {
        FileChannel created = files.open(next.path(), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        try {
            next.writeHeader(created);
            created.force(false);
            files.syncDirectory(directory);
            syncCount += 2;
            segmentFileKey = fileKey(next.path());
        } catch (IOException e) {
            created.close();
            throw e;
        }
        channel = created;
        segment = next;
        segmentSize = WalSegment.HEADER_BYTES;
        syncedEnd = segmentSize;
        segmentFormat = WalSegment.FORMAT_SYNCED_END;
        preallocation.opened(segmentSize);
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
