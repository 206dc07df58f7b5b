package io.raftdeck.storage;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Snapshot;
import java.io.IOException;
import java.util.List;

/**
 * The durable {@link RaftStorage}: a {@link WriteAheadLog} for the log and hard state, a
 * {@link SnapshotStore} for the state. A snapshot is always durable in its file before the WAL
 * records that the log starts after it, and the WAL deletes old segments only after that
 * record is durable; so recovery = newest snapshot + the WAL records after it, and a crash
 * between the two steps is completed on the next start.
 */
public final class DiskStorage implements RaftStorage {

    private final WriteAheadLog log;
    private final SnapshotStore snapshots;

    public DiskStorage(WriteAheadLog log, SnapshotStore snapshots) {
        this.log = log;
        this.snapshots = snapshots;
    }

    public WriteAheadLog log() {
        return log;
    }

    public SnapshotStore snapshots() {
        return snapshots;
    }

    /**
     * @throws StorageException naming the file when the newest snapshot is damaged, or when
     *     the WAL starts after a snapshot that is missing
     */
    @Override
    public RecoveredState recover() throws IOException {
        snapshots.open();
        Snapshot snapshot = snapshots.loadNewest();
        RecoveredState fromLog = log.recover();
        Snapshot recorded = fromLog.snapshot();
        if (snapshot.index() < recorded.index()) {
            throw new StorageException("snapshot missing: the WAL in " + log.directory()
                    + " starts after a snapshot at " + recorded.index() + "@" + recorded.term()
                    + " but the newest in " + snapshots.directory() + " is at "
                    + snapshot.index());
        }
        if (snapshot.index() == recorded.index()) {
            if (snapshot.term() != recorded.term()) {
                throw new StorageException("snapshot mismatch: the WAL in " + log.directory()
                        + " starts after " + recorded.index() + "@" + recorded.term()
                        + " but the snapshot in " + snapshots.directory() + " is "
                        + snapshot.index() + "@" + snapshot.term());
            }
            return new RecoveredState(fromLog.hardState(), snapshot, fromLog.entries());
        }
        return completeInterruptedSnapshot(fromLog, snapshot);
    }

    /**
     * The newest snapshot is durable but the crash came before the WAL recorded it: record it
     * now, as a compaction if the log holds its last entry, else as replacing the log.
     */
    private RecoveredState completeInterruptedSnapshot(RecoveredState fromLog,
                                                       Snapshot snapshot) {
        List<Entry> entries = fromLog.entries();
        long offset = snapshot.index() - fromLog.snapshot().index() - 1;
        boolean held = offset < entries.size()
                && entries.get((int) offset).term() == snapshot.term();
        log.recordSnapshot(snapshot, !held);
        List<Entry> after = held ? entries.subList((int) offset + 1, entries.size()) : List.of();
        return new RecoveredState(fromLog.hardState(), snapshot, after);
    }

    @Override
    public boolean save(HardState hardState, List<Entry> entries) {
        return log.save(hardState, entries);
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        store(snapshot, false);
    }

    @Override
    public void installSnapshot(Snapshot snapshot) {
        store(snapshot, true);
    }

    private void store(Snapshot snapshot, boolean replacesLog) {
        log.checkSnapshot(snapshot, replacesLog); // before the store drops the older file
        try {
            snapshots.save(snapshot);
        } catch (IOException e) {
            throw new StorageException("snapshot write failed in " + snapshots.directory()
                    + ": " + IoErrors.reason(e), e);
        }
        log.recordSnapshot(snapshot, replacesLog);
    }

    @Override
    public void checkIntact() {
        log.checkIntact();
    }

    @Override
    public void close() {
        log.close();
    }
}
