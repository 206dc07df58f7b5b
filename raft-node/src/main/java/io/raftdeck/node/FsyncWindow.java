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
    /**
     * Syncs the window must hold before it may call the disk slow. The p99 of a handful of
     * syncs is their slowest one, and a fresh node's first saves create and zero its WAL
     * segment: without this, every new or idle node (an idle leader syncs nothing) would show
     * a slow disk from one start-up save.
     */
    public static final int MIN_SAMPLES_FOR_SLOW = 32;

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
    public long p99Nanos(long now) {
        return percentile(now).p99Nanos();
    }

    /**
     * Whether the disk is slow now: the window holds at least {@link #MIN_SAMPLES_FOR_SLOW}
     * syncs and their p99 passes {@link #SLOW_DISK_NANOS}.
     */
    public boolean slowDisk(long now) {
        return percentile(now).slow();
    }

    /** The window's p99 and whether it calls the disk slow, read together. */
    public synchronized Percentile percentile(long now) {
        int held = (int) Math.min(count, CAPACITY);
        long[] recent = new long[held];
        int n = 0;
        for (int i = 0; i < held; i++) {
            if (now - atNanos[i] <= WINDOW_NANOS) {
                recent[n++] = durationNanos[i];
            }
        }
        if (n == 0) {
            return new Percentile(0, 0);
        }
        Arrays.sort(recent, 0, n);
        int rank = (int) Math.ceil(0.99 * n); // 1-based nearest rank
        return new Percentile(recent[rank - 1], n);
    }

    /** A window's p99 over {@code samples} syncs. */
    public record Percentile(long p99Nanos, int samples) {

        public boolean slow() {
            return samples >= MIN_SAMPLES_FOR_SLOW && p99Nanos > SLOW_DISK_NANOS;
        }
    }
}
