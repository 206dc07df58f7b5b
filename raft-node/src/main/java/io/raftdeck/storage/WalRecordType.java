package io.raftdeck.storage;

/**
 * The type byte of a WAL record. These codes are on disk: never renumber or reuse one. 0 is
 * never a type, so a run of zero bytes (a file extended but never written) is not a record.
 */
final class WalRecordType {

    /** A log entry: index, term, entry type, data. */
    static final byte ENTRY = 1;
    /** The hard state: term, votedFor, commitIndex. The last one in the log wins. */
    static final byte HARD_STATE = 2;
    /**
     * A snapshot marker: the log now starts after (index, term), stored as a snapshot file.
     * Either a compaction (entries up to index dropped, the rest kept) or an install from the
     * leader (the whole log replaced).
     */
    static final byte SNAPSHOT = 3;
    /**
     * A seal: the last record of a segment, written once the next segment (whose sequence it
     * holds) was created and synced. Recovery that finds the newest segment sealed knows its
     * successor existed and is gone: a deleted trailing segment, not a crash.
     */
    static final byte SEAL = 4;

    private WalRecordType() {
    }

    static boolean isKnown(int code) {
        return code == ENTRY || code == HARD_STATE || code == SNAPSHOT || code == SEAL;
    }
}
