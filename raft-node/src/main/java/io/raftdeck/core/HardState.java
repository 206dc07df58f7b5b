package io.raftdeck.core;

/**
 * The state Raft requires on stable storage before a node answers any RPC (Figure 2:
 * currentTerm and votedFor), plus the commit index so a restarted node can re-apply up to it
 * at once. {@code votedFor} is {@link #NO_VOTE} when the node has not voted in {@code term}.
 */
public record HardState(long term, int votedFor, long commitIndex) {

    public static final int NO_VOTE = 0;
    public static final HardState INITIAL = new HardState(0, NO_VOTE, 0);

    public HardState {
        if (term < 0 || commitIndex < 0 || votedFor < 0) {
            throw new IllegalArgumentException("invalid hard state: " + term + "/" + votedFor
                    + "/" + commitIndex);
        }
    }
}
