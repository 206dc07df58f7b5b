package io.raftdeck.statemachine;

import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * A leader's entry that sets the store's quota ({@link StoreQuota}) for every node: the quota
 * decides which writes apply, so it must be replicated state, not each node's flag. A leader
 * whose {@code --quota-bytes} differs from the committed quota proposes its own; so the
 * cluster's quota is that of its latest leader. Layout, big-endian: {@code byte} MAGIC (0xA7),
 * {@code byte} 7, {@code long} quota in bytes (1 or more). Only an entry that is exactly this,
 * unstamped, sets the quota: clients' commands are always stamped.
 */
public final class QuotaCommand {

    static final byte OP_QUOTA = 7;
    private static final int BYTES = 2 + Long.BYTES;

    private QuotaCommand() {
    }

    /** The bytes to propose for a quota of {@code quotaBytes}. */
    public static byte[] encode(long quotaBytes) {
        if (quotaBytes < 1) {
            throw new IllegalArgumentException("quota must be at least 1 byte, was "
                    + quotaBytes);
        }
        return ByteBuffer.allocate(BYTES).put(KeyValueCommand.MAGIC).put(OP_QUOTA)
                .putLong(quotaBytes).array();
    }

    /** The quota {@code command} sets, or empty when it is not exactly a quota entry. */
    public static OptionalLong decode(byte[] command) {
        if (command.length != BYTES || command[0] != KeyValueCommand.MAGIC
                || command[1] != OP_QUOTA) {
            return OptionalLong.empty();
        }
        long quota = ByteBuffer.wrap(command, 2, Long.BYTES).getLong();
        return quota < 1 ? OptionalLong.empty() : OptionalLong.of(quota);
    }
}
