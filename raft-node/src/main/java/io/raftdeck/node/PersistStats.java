package io.raftdeck.node;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a node's event loop has made durable since it started: how many times it saved a
 * Ready to the write-ahead log with a sync, and how many log entries those saves carried.
 * Each such save is exactly one fdatasync of the log (a save that only advances the commit
 * index is written without one and not counted), so the two counters give a node's fsync rate
 * and its group-commit factor (entries per fsync), which a benchmark reads over a window.
 *
 * <p>Snapshot files, segment rolls and compaction sync too; those are not counted here: they
 * are rare (one per snapshot threshold or segment) and not part of the per-write cost.
 *
 * <p>Written by the event loop only, read by status calls on other threads.
 */
public final class PersistStats {

    private final AtomicLong saves = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();

    /** One save that wrote (and fsynced) a hard state and {@code entryCount} entries. */
    void saved(int entryCount) {
        entries.addAndGet(entryCount);
        saves.incrementAndGet();
    }

    /** WAL saves so far: one fdatasync each. */
    public long saves() {
        return saves.get();
    }

    /** Log entries those saves made durable. */
    public long entries() {
        return entries.get();
    }
}
