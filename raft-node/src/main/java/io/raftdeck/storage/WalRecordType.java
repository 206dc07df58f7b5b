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
    // 3 is kept for the snapshot marker that log compaction will add.

    private WalRecordType() {
    }

    static boolean isKnown(int code) {
        return code == ENTRY || code == HARD_STATE;
    }
}
