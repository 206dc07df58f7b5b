package io.raftdeck.node;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The WAL's recent fsync durations, for the operator's slow-disk signal: the 99th percentile
 * over the last {@link #WINDOW_NANOS} (at most the last {@link #CAPACITY} syncs), and whether
 * it passes {@link #SLOW_DISK_NANOS}. etcd warns past 10 ms too ("slow fdatasync"): a leader
 * whose disk stalls that long delays every commit and, past a heartbeat, its followers' timers.
 *
 * <p>The node's loop records one duration per synced save (a lock nobody else holds but a
 * status read, beside an fsync); status and metrics read the percentile on their own threads.
 */
public final class FsyncWindow {

    public static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);
    public static final int CAPACITY = 1024;
    public static final long SLOW_DISK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final long[] atNanos = new long[CAPACITY];
    private final long[] durationNanos = new long[CAPACITY];
    /** Samples recorded so far; the newest is at (count - 1) % CAPACITY. */
    private long count;

    /** One fsync that took {@code duration} nanoseconds and ended at {@code now}. */
    public synchronized void record(long now, long duration) {
        int slot = (int) (count % CAPACITY);
        atNanos[slot] = now;
        durationNanos[slot] = duration;
        count++;
    }

    /** The 99th percentile (nearest rank) of the syncs in the window ending at {@code now}; 0 for none. */
    public synchronized long p99Nanos(long now) {
        int held = (int) Math.min(count, CAPACITY);
        long[] recent = new long[held];
        int n = 0;
        for (int i = 0; i < held; i++) {
            if (now - atNanos[i] <= WINDOW_NANOS) {
                recent[n++] = durationNanos[i];
            }
        }
        if (n == 0) {
            return 0;
        }
        Arrays.sort(recent, 0, n);
        int rank = (int) Math.ceil(0.99 * n); // 1-based nearest rank
        return recent[rank - 1];
    }

    /** Whether the disk is slow now: the window's p99 passes {@link #SLOW_DISK_NANOS}. */
    public boolean slowDisk(long now) {
        return p99Nanos(now) > SLOW_DISK_NANOS;
    }
}
