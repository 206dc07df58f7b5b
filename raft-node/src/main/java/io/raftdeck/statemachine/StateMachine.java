package io.raftdeck.statemachine;

import io.raftdeck.core.Entry;

/**
 * What committed commands do. Owned by one node's event loop thread: not thread-safe.
 * Deterministic: every node that applies the same entries in the same order reaches the same
 * state and returns the same results.
 */
public interface StateMachine {

    /**
     * Applies the next committed entry. Entries arrive strictly in index order with no gaps;
     * anything else is a bug in the caller and throws IllegalStateException.
     */
    ApplyResult apply(Entry entry);

    /** Index of the last entry applied (0 before the first). */
    long lastApplied();

    /**
     * The whole state as of {@link #lastApplied()}, as bytes a {@link #restore} on any node
     * turns back into the same state. Deterministic: equal states give equal bytes.
     */
    byte[] snapshot();

    /**
     * Replaces the whole state with one taken by {@link #snapshot()} at
     * {@code lastIncludedIndex}; applying continues at {@code lastIncludedIndex + 1}.
     *
     * @throws IllegalArgumentException when the bytes are not a snapshot of this machine
     */
    void restore(byte[] snapshot, long lastIncludedIndex);
}
