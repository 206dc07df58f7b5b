package io.raftdeck.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * A state machine snapshot (Raft §7): the whole state after applying every entry up to
 * {@code index}, whose entry had {@code term}. The core never looks inside {@code data}; it
 * only needs (index, term) to stand in for the log prefix the snapshot replaces. Immutable:
 * callers must not mutate the array they pass in or read out.
 */
public record Snapshot(long index, long term, byte[] data) {

    private static final byte[] EMPTY = new byte[0];

    /** No snapshot: the log starts at index 1. */
    public static final Snapshot NONE = new Snapshot(0, 0, EMPTY);

    public Snapshot {
        if (index < 0 || term < 0 || (index == 0) != (term == 0)) {
            throw new IllegalArgumentException("invalid snapshot position " + index + "@"
                    + term);
        }
        data = data == null ? EMPTY : data;
    }

    public boolean isNone() {
        return index == 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Snapshot s && s.index == index && s.term == term
                && Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, term, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Snapshot{" + index + "@" + term + " " + data.length + "B}";
    }
}
