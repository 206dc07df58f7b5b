package io.raftdeck.statemachine;

/**
 * What applying one committed entry did, paired with the log position it committed at.
 *
 * @param existed for put: a value was replaced; for delete: the key existed; for get: the key
 *                was found; false for free-text commands and no-ops
 * @param value   for a get that found its key, the value; null otherwise
 */
public record ApplyResult(long index, long term, boolean existed, byte[] value) {

    public static ApplyResult noop(long index, long term) {
        return new ApplyResult(index, term, false, null);
    }
}
