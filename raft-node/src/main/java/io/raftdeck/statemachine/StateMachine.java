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
}
