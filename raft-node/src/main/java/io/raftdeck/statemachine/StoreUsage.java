package io.raftdeck.statemachine;

/**
 * How full a node's key/value store is, as of its last applied entry: what status shows.
 *
 * @param sizeBytes  the store's size as its quota counts it ({@link StoreQuota})
 * @param quotaBytes the committed quota
 * @param alarm      the NOSPACE alarm: a write was refused for space and the store is not yet
 *                   back at nine tenths of its quota
 */
public record StoreUsage(long sizeBytes, long quotaBytes, boolean alarm) {

    /** What a state machine without a quota reports. */
    public static final StoreUsage NONE = new StoreUsage(0, StoreQuota.DEFAULT_QUOTA_BYTES,
            false);
}
