package io.raftdeck.bench;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A leader's write load on its {@link WriteAheadLog}: each save is one Ready's worth of new
 * entries plus the hard state, so one fdatasync. The commit index trails by one batch, as a
 * leader's does while followers acknowledge.
 *
 * <p>Disk use stays bounded: once {@code compactAfterBytes} were written, the log is compacted
 * up to the commit index the way a node does after a snapshot, which deletes every segment
 * but the current one. That costs one more record and sync per compaction, rare enough
 * (every 128 MiB in the benchmark) not to show in the figures.
 */
final class WalBatchLoad implements AutoCloseable {

    static final int VALUE_BYTES = 64;
    static final long TERM = 1;
    static final int LEADER_ID = 1;

    /**
     * Bytes a batch takes on disk: per entry a 9-byte record header, 17 bytes of index, term
     * and type, and the value; one 29-byte hard state record. An estimate for the compaction
     * trigger only (the exact layout is the storage package's own business).
     */
    private static final int ENTRY_RECORD_BYTES = 9 + 17 + VALUE_BYTES;
    private static final int HARD_STATE_RECORD_BYTES = 29;

    private final WriteAheadLog wal;
    private final int entriesPerSave;
    private final long compactAfterBytes;
    private final byte[] value;
    private long lastIndex;
    private long bytesSinceCompaction;
    private long compactions;

    private WalBatchLoad(WriteAheadLog wal, int entriesPerSave, long compactAfterBytes) {
        this.wal = wal;
        this.entriesPerSave = entriesPerSave;
        this.compactAfterBytes = compactAfterBytes;
        this.value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'v');
    }

    /** Opens (and recovers) an empty WAL in {@code directory}. */
    static WalBatchLoad open(Path directory, int entriesPerSave, long segmentBytes,
                             long compactAfterBytes) throws IOException {
        if (entriesPerSave < 1 || compactAfterBytes < 1) {
            throw new IllegalArgumentException("entries per save and compaction bytes must be"
                    + " positive: " + entriesPerSave + ", " + compactAfterBytes);
        }
        WriteAheadLog wal = new WriteAheadLog(directory, segmentBytes);
        RecoveredState recovered = wal.recover();
        if (!recovered.entries().isEmpty()) {
            wal.close();
            throw new IllegalStateException(directory + " already holds a log");
        }
        return new WalBatchLoad(wal, entriesPerSave, compactAfterBytes);
    }

    /** Appends the next batch and its hard state with one fdatasync; returns the last index. */
    long saveBatch() {
        long commitIndex = lastIndex;
        List<Entry> batch = new ArrayList<>(entriesPerSave);
        for (int i = 1; i <= entriesPerSave; i++) {
            batch.add(Entry.command(commitIndex + i, TERM, value));
        }
        wal.save(new HardState(TERM, LEADER_ID, commitIndex), batch);
        lastIndex = commitIndex + entriesPerSave;
        bytesSinceCompaction += (long) entriesPerSave * ENTRY_RECORD_BYTES
                + HARD_STATE_RECORD_BYTES;
        if (bytesSinceCompaction >= compactAfterBytes) {
            compact(commitIndex);
        }
        return lastIndex;
    }

    private void compact(long index) {
        if (index > 0) {
            wal.recordSnapshot(new Snapshot(index, TERM, null), false);
            compactions++;
        }
        bytesSinceCompaction = 0;
    }

    long lastIndex() {
        return lastIndex;
    }

    long compactions() {
        return compactions;
    }

    /** The payload every entry carries, for checks. */
    byte[] value() {
        return value.clone();
    }

    List<Path> segmentFiles() throws IOException {
        return wal.segmentFiles();
    }

    @Override
    public void close() {
        wal.close();
    }
}
