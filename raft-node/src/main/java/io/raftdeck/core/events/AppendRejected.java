package io.raftdeck.core.events;

/**
 * A follower refused {@code leader}'s append of {@code senderTerm}, with the hint that lets the
 * leader skip back a whole term (conflict index/term; term 0 when our log is shorter) and our
 * last index; {@code term} is ours.
 */
public record AppendRejected(int leader, long senderTerm, long term, long prevIndex,
                             long prevTerm, AppendRejection reason, long ourTermAtPrev,
                             long conflictIndex, long conflictTerm, long lastIndex)
        implements RaftEvent {

    @Override
    public String kind() {
        return "append";
    }

    @Override
    public String describe(int node) {
        return "node " + node + " rejected append from " + leader + " at prev " + prevIndex
                + "/" + prevTerm + ": " + why();
    }

    /** The reason and the hint in words. */
    public String why() {
        return switch (reason) {
            case STALE_TERM -> "stale term " + senderTerm + " < our " + term;
            case LOG_SHORTER -> "our log ends at " + lastIndex + ", retry from "
                    + conflictIndex;
            case TERM_MISMATCH -> "we hold " + prevIndex + "/" + ourTermAtPrev
                    + ", conflict from " + conflictIndex + "/" + conflictTerm;
        };
    }
}
