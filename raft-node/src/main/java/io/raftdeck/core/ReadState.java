package io.raftdeck.core;

/**
 * A read that became safe (Raft thesis §6.4, ReadIndex): once this node has applied up to
 * {@code readIndex}, its state machine reflects every write committed before the read was
 * requested, and the read may be answered from it.
 */
public record ReadState(long requestId, long readIndex) {
}
