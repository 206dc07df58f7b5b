package io.raftdeck.launcher.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.service.WriteOutcome;

/**
 * What the failed attempts of one request found, and the failure the request ends with when
 * its time is up. The order of the verdicts is what keeps the exit codes honest: a write that
 * any attempt may have put in a leader's log is "outcome unknown" (exit 4) even if every other
 * node said "no leader"; a read that some node took and never answered timed out (exit 4),
 * since that node may be the leader; only when every node refused or knew no leader is it
 * "no leader available" (exit 3).
 */
final class FailedAttempts {

    private final String what;
    private final boolean write;
    private final long timeoutMs;
    private NodeAddress lastNode;
    private StatusRuntimeException lastFailure;
    private boolean mayHaveApplied;
    private boolean unanswered;

    FailedAttempts(String what, boolean write, long timeoutMs) {
        this.what = what;
        this.write = write;
        this.timeoutMs = timeoutMs;
    }

    boolean isEmpty() {
        return lastNode == null;
    }

    /**
     * Records an attempt that failed over: UNAVAILABLE, or DEADLINE_EXCEEDED at its own
     * deadline. Either may have reached a leader's log unless the node said it did not or the
     * connection was refused (then nothing was sent).
     */
    void add(NodeAddress node, StatusRuntimeException failure) {
        lastNode = node;
        lastFailure = failure;
        boolean timedOut = failure.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED;
        unanswered |= timedOut;
        mayHaveApplied |= write && !WriteOutcome.certainlyNotProposed(failure);
    }

    /** The failure a request ends with once no attempt is left. */
    CommandFailure verdict() {
        String last = isEmpty() ? "no node was tried"
                : "last: " + lastNode + ": " + RpcFailures.describe(lastFailure);
        if (mayHaveApplied) {
            return new CommandFailure(ExitCodes.TIMEOUT, WriteOutcome.UNKNOWN + ": " + what
                    + " not confirmed within " + timeoutMs + " ms; it may or may not have"
                    + " applied (" + last + ")");
        }
        if (unanswered) {
            return new CommandFailure(ExitCodes.TIMEOUT, what + " timed out after " + timeoutMs
                    + " ms: no node answered in time (" + last + ")");
        }
        return new CommandFailure(ExitCodes.NO_LEADER, "no leader available: " + what
                + " not accepted within " + timeoutMs + " ms (" + last + ")");
    }
}
