package io.raftdeck.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log entry. Immutable: {@code data} is never modified after construction (callers must not
 * mutate the array they pass in or read out).
 */
public record Entry(long index, long term, EntryType type, byte[] data) {

    private static final byte[] EMPTY = new byte[0];

    public Entry {
        if (index < 1) {
            throw new IllegalArgumentException("entry index must be >= 1, was " + index);
        }
        if (term < 1) {
            throw new IllegalArgumentException("entry term must be >= 1, was " + term);
        }
        Objects.requireNonNull(type, "type");
        data = data == null ? EMPTY : data;
    }

    public static Entry noop(long index, long term) {
        return new Entry(index, term, EntryType.NOOP, EMPTY);
    }

    public static Entry command(long index, long term, byte[] data) {
        return new Entry(index, term, EntryType.COMMAND, data);
    }

    /** Bytes this entry takes in a message, for batching limits. */
    public int sizeBytes() {
        return data.length + 24;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Entry e
                && e.index == index
                && e.term == term
                && e.type == type
                && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, term, type, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Entry{" + index + "@" + term + " " + type + " " + data.length + "B}";
    }
}
