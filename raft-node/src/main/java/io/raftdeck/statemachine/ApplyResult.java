package io.raftdeck.statemachine;

import java.util.Objects;

/**
 * What applying one committed entry did, paired with the log position it committed at. For a
 * retried client request this is the result of its first application, with that entry's index
 * and term (see {@link ClientSessions}).
 *
 * @param existed for put: a value was replaced; for delete: the key existed; for get: the key
 *                was found; for compare-and-set: it swapped; false for free-text commands and
 *                no-ops
 * @param value   for a get that found its key, the value; for a compare-and-set that did not
 *                swap, the key's current value (null when absent); null otherwise. A session's
 *                cached result restored from a snapshot keeps only {@code existed}.
 * @param refusal why the entry's client request was refused and changed nothing (its sequence
 *                is too old, or its session expired, or the store is full); null when it
 *                applied
 * @param noSpace the refusal is the store's quota ({@link StoreQuota}): the clients hear
 *                RESOURCE_EXHAUSTED, not a failed precondition
 */
public record ApplyResult(long index, long term, boolean existed, byte[] value,
                          String refusal, boolean noSpace) {

    public ApplyResult(long index, long term, boolean existed, byte[] value) {
        this(index, term, existed, value, null, false);
    }

    public static ApplyResult noop(long index, long term) {
        return new ApplyResult(index, term, false, null);
    }

    /** The entry at (index, term) carried a client request that must not apply. */
    public static ApplyResult refused(long index, long term, String refusal) {
        return new ApplyResult(index, term, false, null, Objects.requireNonNull(refusal), false);
    }

    /** The entry at (index, term) carried a write the store's quota has no room for. */
    public static ApplyResult noSpace(long index, long term, String refusal) {
        return new ApplyResult(index, term, false, null, Objects.requireNonNull(refusal), true);
    }

    public boolean isRefused() {
        return refusal != null;
    }
}
