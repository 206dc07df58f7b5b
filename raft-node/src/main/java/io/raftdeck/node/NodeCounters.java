package io.raftdeck.node;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * What a node's loop counts for metrics and status that its core's state does not show: leader
 * changes it saw, snapshots it took and sent, proposals whose callers heard a failure, and
 * each WAL fsync's duration (into {@link FsyncWindow} and to a listener, the metrics'
 * histogram). Written by the loop only, a few atomic adds per event; read from any thread.
 */
public final class NodeCounters {

    private final AtomicLong leaderChanges = new AtomicLong();
    private final AtomicLong snapshotsTaken = new AtomicLong();
    private final AtomicLong snapshotsSent = new AtomicLong();
    private final AtomicLong proposalsFailed = new AtomicLong();
    private final AtomicLong proposalsPending = new AtomicLong();
    private final FsyncWindow fsyncs = new FsyncWindow();
    private volatile LongConsumer fsyncListener = nanos -> { };

    /** Times a leader became known that was not the one known before (etcd's count). */
    public long leaderChanges() {
        return leaderChanges.get();
    }

    public long snapshotsTaken() {
        return snapshotsTaken.get();
    }

    /** Snapshots this node, leading, sent to followers that needed entries it had dropped. */
    public long snapshotsSent() {
        return snapshotsSent.get();
    }

    /** Proposed entries whose waiting callers were told they failed or may not commit. */
    public long proposalsFailed() {
        return proposalsFailed.get();
    }

    /** Callers waiting for their proposals to apply, at the end of the latest turn. */
    public long proposalsPending() {
        return proposalsPending.get();
    }

    public FsyncWindow fsyncs() {
        return fsyncs;
    }

    /** Also tells {@code listener} every fsync's duration in nanoseconds, on the loop's thread. */
    public void onFsync(LongConsumer listener) {
        fsyncListener = listener;
    }

    void leaderChanged() {
        leaderChanges.incrementAndGet();
    }

    void snapshotTaken() {
        snapshotsTaken.incrementAndGet();
    }

    void snapshotSent() {
        snapshotsSent.incrementAndGet();
    }

    /** The loop's proposal counts at the end of a turn. */
    void proposals(long pending, long failed) {
        proposalsPending.set(pending);
        proposalsFailed.set(failed);
    }

    void fsynced(long endNanos, long durationNanos) {
        fsyncs.record(endNanos, durationNanos);
        fsyncListener.accept(durationNanos);
    }
}
