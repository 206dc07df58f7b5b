package io.raftdeck.console.poller;

import io.raftdeck.proto.v1.NodeStatus;

/**
 * The outcome of one status request: the answer, or why there was none.
 *
 * @param sentAtNanos when the request left, on {@link System#nanoTime()}'s clock
 */
record PollResult(NodeStatus status, String failure, long sentAtNanos) {

    static PollResult answered(NodeStatus status, long sentAtNanos) {
        return new PollResult(status, null, sentAtNanos);
    }

    static PollResult failed(String failure, long sentAtNanos) {
        return new PollResult(null, failure, sentAtNanos);
    }

    boolean succeeded() {
        return status != null;
    }
}
