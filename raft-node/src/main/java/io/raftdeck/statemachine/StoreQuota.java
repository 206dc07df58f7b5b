package io.raftdeck.statemachine;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The bound on a key/value store's size (etcd's backend quota) and its NOSPACE alarm, part of
 * the replicated state: the size is kept incrementally by every change the store applies, the
 * quota changes only by a committed {@link QuotaCommand}, and the alarm only by applying
 * entries, so every node refuses the same writes and shows the same alarm at the same index.
 *
 * <p>A key's size is its UTF-8 bytes, its value's bytes and {@link #ENTRY_OVERHEAD_BYTES}. A
 * write that would grow the store past the quota is refused and raises the alarm; deletes and
 * writes that do not grow the store always apply. The alarm clears by itself once the store
 * is back at or below {@link #lowWaterBytes()} (nine tenths of the quota), so that it does not
 * flap on every small delete of a full store.
 */
public final class StoreQuota {

    /** etcd's default backend quota. */
    public static final long DEFAULT_QUOTA_BYTES = 2L << 30;
    /**
     * What one key costs besides its bytes: on the heap a TreeMap entry (40), the key's
     * String and its array (24 + 16) and the value's array header (16); the snapshot spends 8
     * on the two lengths. Counted so that a million empty values are not free.
     */
    public static final long ENTRY_OVERHEAD_BYTES = 96;

    private long quotaBytes = DEFAULT_QUOTA_BYTES;
    private long sizeBytes;
    private boolean alarm;

    /** The bytes a key holding a value of {@code valueBytes} counts for. */
    static long entryBytes(String key, int valueBytes) {
        return key.getBytes(StandardCharsets.UTF_8).length + (long) valueBytes
                + ENTRY_OVERHEAD_BYTES;
    }

    /** Why a change growing the store by {@code growth} bytes must not apply, if it must not. */
    Optional<String> refusal(long growth) {
        if (growth <= 0 || sizeBytes + growth <= quotaBytes) {
            return Optional.empty();
        }
        return Optional.of(fullMessage());
    }

    /** The sentence a refused write is answered with. */
    String fullMessage() {
        return "the store holds " + format(sizeBytes) + " of its " + format(quotaBytes)
                + " quota (--quota-bytes); delete keys or raise the quota";
    }

    /** A write was refused: the store is full. */
    void raiseAlarm() {
        alarm = true;
    }

    /** The store's size changed by {@code delta} bytes. */
    void changed(long delta) {
        sizeBytes += delta;
        clearAlarmIfFreed();
    }

    /** A committed quota entry set the quota. */
    void setQuota(long bytes) {
        quotaBytes = bytes;
        clearAlarmIfFreed();
    }

    /** As a snapshot holds it: the store's size is recomputed by whoever restores. */
    void restore(long quota, long size, boolean alarmRaised) {
        quotaBytes = quota;
        sizeBytes = size;
        alarm = alarmRaised;
    }

    public long quotaBytes() {
        return quotaBytes;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    /** Whether the NOSPACE alarm is raised: a write was refused and space is not yet freed. */
    public boolean alarm() {
        return alarm;
    }

    /** Where a raised alarm clears: nine tenths of the quota. */
    public long lowWaterBytes() {
        return quotaBytes - quotaBytes / 10;
    }

    private void clearAlarmIfFreed() {
        if (alarm && sizeBytes <= lowWaterBytes()) {
            alarm = false;
        }
    }

    /** Bytes as an operator reads them: 1.5 MiB, 2 GiB, 800 B. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0 || value == Math.rint(value)) {
            return (long) value + " " + units[unit];
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
