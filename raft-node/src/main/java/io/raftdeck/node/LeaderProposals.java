package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.core.ProposeResult;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Role;
import io.raftdeck.node.ProposalException.Reason;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.KeyValueStateMachine;
import io.raftdeck.statemachine.StampedCommand;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Proposes client commands to one node's core and keeps their callers until the outcome is
 * known, exactly once: a request this leader already holds (see {@link RetryCache}) is
 * answered from its entry or its result instead of being appended again. Keeps the callers to
 * the node's leadership: a leader that stops leading fails them at once, as "outcome
 * unknown". Owned by the node's {@link NodeLoop}, which tells it what happens to the log.
 */
final class LeaderProposals {

    private final RaftCore core;
    private final KeyValueStateMachine stateMachine;
    private final PendingProposals waiting;
    /** False only in the mutation tests: see the package-private constructor. */
    private final boolean usesRetryCache;
    /** Where this leader's unapplied requests are; null while it does not lead. */
    private RetryCache retryCache;

    /** @param capacity callers that may wait at once: proposals and retries attached to them */
    public LeaderProposals(RaftCore core, KeyValueStateMachine stateMachine, int capacity) {
        this(core, stateMachine, capacity, true);
    }

    /**
     * Exists for the simulator's mutation tests only: with {@code usesRetryCache} false the
     * leader never finds a retry in its retry cache, so a retry of a request still in its
     * unapplied log tail is appended again, the defect those tests prove the simulator
     * catches. Nothing else passes false.
     */
    LeaderProposals(RaftCore core, KeyValueStateMachine stateMachine, int capacity,
                    boolean usesRetryCache) {
        this.core = core;
        this.stateMachine = stateMachine;
        this.waiting = new PendingProposals(capacity);
        this.usesRetryCache = usesRetryCache;
    }

    /**
     * Proposes {@code command}, which encodes {@code stamp} (null for a command without a
     * request identity); {@code caller} completes with its result once applied, or fails with
     * a {@link ProposalException}. A caller that already gave up is ignored.
     */
    public void propose(byte[] command, StampedCommand stamp,
                        CompletableFuture<ApplyResult> caller) {
        if (caller.isDone()) {
            return; // its caller gave up (deadline): appending it now would help no one
        }
        if (!waiting.hasRoom()) {
            caller.completeExceptionally(new ProposalException(Reason.OVERLOADED, "node "
                    + core.id() + " has too many proposals in flight; try again"));
            return;
        }
        settleLeadership();
        if (stamp != null && retryCache != null && answeredFromLog(stamp, caller)) {
            return;
        }
        if (refusedForSpace(command, caller)) {
            return;
        }
        ProposeResult result = core.propose(command);
        if (result.refusal() == ProposeResult.Refusal.UNCOMMITTED_LIMIT) {
            caller.completeExceptionally(new ProposalException(Reason.OVERLOADED, "node "
                    + core.id() + " leads with " + (RaftCore.MAX_UNCOMMITTED_BYTES >> 20)
                    + " MiB of writes not yet committed: its followers are behind; try again"));
            return;
        }
        if (!result.accepted()) {
            caller.completeExceptionally(ProposalException.notLeader(core));
            return;
        }
        waiting.add(result.index(), result.term(), caller);
        if (stamp != null) {
            retryCache.appended(stamp.request(), result.index(), result.term());
        }
    }

    /**
     * etcd's early refusal: once the store's NOSPACE alarm is raised, a write that would grow
     * it past the quota is refused here instead of filling the log with entries that apply as
     * refusals. Before the alarm the write is proposed: its refusal at apply raises the alarm
     * on every node alike, which a refusal here could not.
     */
    private boolean refusedForSpace(byte[] command, CompletableFuture<ApplyResult> caller) {
        if (!stateMachine.usage().alarm()) {
            return false;
        }
        Optional<String> refusal = stateMachine.quotaRefusal(command);
        refusal.ifPresent(sentence -> caller.completeExceptionally(
                new ProposalException(Reason.NO_SPACE, sentence)));
        return refusal.isPresent();
    }

    /**
     * A retry of a request this leader holds: answered with the first result when it applied,
     * attached to its entry when that is still to apply. Returns false for a new request.
     */
    private boolean answeredFromLog(StampedCommand stamp, CompletableFuture<ApplyResult> caller) {
        Optional<ApplyResult> applied = stateMachine.appliedResult(stamp.origin(),
                stamp.request());
        if (applied.isPresent()) {
            caller.complete(applied.get());
            return true;
        }
        if (!usesRetryCache) {
            return false;
        }
        Optional<RetryCache.Position> inLog = retryCache.find(stamp.request());
        inLog.ifPresent(position -> waiting.add(position.index(), position.term(), caller));
        return inLog.isPresent();
    }

    /**
     * Keeps the retry cache and the waiting callers to the core's current leadership; the loop
     * calls it once a turn, after the Readies. A leader that stops leading (a higher term,
     * check-quorum, a transfer) fails its callers at once instead of letting them wait for
     * their deadline: the entries may still commit under the next leader, where a retry with
     * the same identity finds them.
     */
    public void settleLeadership() {
        boolean leading = core.role() == Role.LEADER;
        if (retryCache != null && (!leading || retryCache.term() != core.term())) {
            long ledTerm = retryCache.term();
            retryCache = null;
            waiting.failAll(new ProposalException(Reason.OUTCOME_UNKNOWN,
                    "outcome unknown: leadership lost (node " + core.id()
                            + " stopped leading term " + ledTerm + " before the entry applied)"));
        }
        if (leading && retryCache == null) {
            retryCache = new RetryCache(core.term(),
                    core.entries(stateMachine.lastApplied() + 1, Long.MAX_VALUE));
        }
    }

    /** The log from {@code written}'s first index on was replaced by {@code written}. */
    public void logReplaced(List<Entry> written) {
        waiting.logReplaced(written);
    }

    /** {@code entry} applied with {@code result}. */
    public void applied(Entry entry, ApplyResult result) {
        waiting.applied(entry, result);
        if (retryCache != null) {
            retryCache.applied(entry.index());
        }
    }

    /** A snapshot from the leader replaced the log up to {@code index}. */
    public void snapshotInstalled(long index) {
        waiting.snapshotInstalled(index);
    }

    /** Fails every waiting caller: the node stopped. */
    public void failAll(Throwable cause) {
        waiting.failAll(cause);
    }

    /** Proposed entries whose callers were failed since the node started. */
    public long failedEntries() {
        return waiting.failedEntries();
    }

    /** Callers waiting. */
    public int waitingCallers() {
        return waiting.size();
    }
}
