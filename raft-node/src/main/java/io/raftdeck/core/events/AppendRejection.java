package io.raftdeck.core.events;

/** Why a follower refused an append (Raft §5.1, §5.3). */
public enum AppendRejection {
    /** The sender's term is older than ours: it is no longer leader. */
    STALE_TERM,
    /** Our log ends before the append's previous entry. */
    LOG_SHORTER,
    /** We hold the previous index with a different term. */
    TERM_MISMATCH
}
