package io.raftdeck.node;

import io.raftdeck.core.ProposeResult;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Role;
import io.raftdeck.statemachine.KeyValueStateMachine;
import io.raftdeck.statemachine.QuotaCommand;

/**
 * Makes the store's quota this node's {@code --quota-bytes} while it leads: the quota decides
 * which writes apply, so it lives in the replicated state, set by a committed
 * {@link QuotaCommand}, and a leader whose flag differs from the committed quota proposes its
 * own, once per term until it applies. So every node refuses the same writes, and the
 * cluster's quota is its latest leader's.
 */
final class QuotaProposals {

    private final RaftCore core;
    private final KeyValueStateMachine stateMachine;
    private final long quotaBytes;
    /** The index and term of the quota entry this node proposed last; 0 for none. */
    private long proposedIndex;
    private long proposedTerm;

    QuotaProposals(RaftCore core, KeyValueStateMachine stateMachine, long quotaBytes) {
        this.core = core;
        this.stateMachine = stateMachine;
        this.quotaBytes = quotaBytes;
        QuotaCommand.encode(quotaBytes); // refuses a quota below one byte now, not when leading
    }

    /** The loop calls this once a turn, before the Readies: proposes the quota if it must. */
    void proposeIfLeading() {
        if (core.role() != Role.LEADER
                || stateMachine.usage().quotaBytes() == quotaBytes) {
            return;
        }
        if (proposedTerm == core.term() && proposedIndex > stateMachine.lastApplied()) {
            return; // ours is on its way
        }
        ProposeResult result = core.propose(QuotaCommand.encode(quotaBytes));
        if (result.accepted()) { // refused (a transfer, the uncommitted bound): next turn
            proposedIndex = result.index();
            proposedTerm = result.term();
        }
    }
}
