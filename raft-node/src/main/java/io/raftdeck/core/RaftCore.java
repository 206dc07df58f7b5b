package io.raftdeck.core;

import java.util.List;
import java.util.Random;

/**
 * The Raft algorithm as a deterministic state machine: no threads, no I/O, no clock, no global
 * random. (API skeleton; implementation in progress.)
 */
public final class RaftCore {

    public RaftCore(RaftConfig config, Random random, HardState hardState, List<Entry> entries) {
        throw new UnsupportedOperationException("in progress");
    }

    /** Advances logical time by one tick. */
    public void tick() {
    }

    /** Handles a message from a peer. Messages addressed to another node are ignored. */
    public void step(Message message) {
    }

    /** Appends a command if this node is the leader. */
    public ProposeResult propose(byte[] command) {
        return null;
    }

    public boolean hasReady() {
        return false;
    }

    public Ready ready() {
        return null;
    }

    public void advance(Ready ready) {
    }

    public RaftStatus status() {
        return null;
    }

    /** Entries in [fromIndex, toIndex] that this core still holds in memory. */
    public List<Entry> entries(long fromIndex, long toIndex) {
        return List.of();
    }
}
