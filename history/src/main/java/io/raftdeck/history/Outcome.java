package io.raftdeck.history;

/**
 * How an operation ended, as its client saw it. The distinction between FAIL and UNKNOWN is the
 * whole point of the history: a timed-out write may still take effect, much later.
 */
public enum Outcome {
    /** The operation took effect once, somewhere between its invocation and completion. */
    OK,
    /**
     * The operation definitely did not take effect: refused before it reached the log, replaced
     * in the log, or a compare-and-set whose comparison failed.
     */
    FAIL,
    /**
     * The client gave up (timeout, lost connection) or never heard back: the operation may
     * take effect at any time after its invocation, or never.
     */
    UNKNOWN
}
