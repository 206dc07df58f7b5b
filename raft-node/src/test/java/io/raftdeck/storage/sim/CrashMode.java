package io.raftdeck.storage.sim;

/**
 * What a crash keeps of the writes and names that were not yet synced. Whatever was synced
 * survives every mode; the modes differ only in how much of the rest does.
 */
public enum CrashMode {

    /** Nothing unsynced survives: the page cache is simply gone (LazyFS's clear-cache). */
    LOSE_UNSYNCED,

    /**
     * The unsynced writes reach the platter in the order they were made until the power goes:
     * the first few whole, the one in flight torn at a sector boundary (its first sectors
     * kept, perhaps with the file already grown to its end, the rest reading as zeros), none
     * after it. Names likewise: the oldest unsynced changes kept, the later ones lost.
     */
    TORN_IN_ORDER,

    /**
     * Writeback and the disk's cache reorder freely: each unsynced sector of each write, and
     * each unsynced change of a name, is kept or lost on its own.
     */
    REORDERED_SECTORS
}
