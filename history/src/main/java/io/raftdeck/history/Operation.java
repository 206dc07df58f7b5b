package io.raftdeck.history;

import java.util.Objects;

/**
 * One client operation on one key: its invocation, its completion and what came back. Times
 * are in any unit that only grows (simulated ticks, {@link System#nanoTime}, an event counter);
 * the checker only compares them. Values are strings; null means "absent".
 *
 * @param id           unique within its history; orders ties and names the operation in reports
 * @param process      the client that issued it; a client issues one operation at a time
 * @param value        PUT and CAS: the value written; null for GET and DELETE
 * @param expected     CAS only: the value the key must hold for the write to happen (null:
 *                     the key must be absent)
 * @param result       GET with outcome OK: the value read (null: the key was absent); CAS
 *                     with outcome FAIL: the value it found instead of the expected one, kept
 *                     for reading (null: absent or not known; the checker ignores it, a failed
 *                     operation never happened); null otherwise
 * @param completeTime when the client heard the outcome, or gave up ({@link #NEVER}: never)
 */
public record Operation(long id, int process, OperationKind kind, String key, String value,
                        String expected, String result, Outcome outcome, long invokeTime,
                        long completeTime) {

    /** The completion time of an operation whose client never heard back. */
    public static final long NEVER = Long.MAX_VALUE;

    public Operation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("operation " + id + ": key must not be empty");
        }
        if ((kind == OperationKind.PUT || kind == OperationKind.CAS) != (value != null)) {
            throw new IllegalArgumentException("operation " + id + ": " + kind
                    + (value == null ? " needs a value" : " takes no value"));
        }
        if (kind != OperationKind.CAS && expected != null) {
            throw new IllegalArgumentException("operation " + id + ": only CAS has an expected"
                    + " value");
        }
        if (result != null && !(kind == OperationKind.GET && outcome == Outcome.OK
                || kind == OperationKind.CAS && outcome == Outcome.FAIL)) {
            throw new IllegalArgumentException("operation " + id + ": only a GET that completed"
                    + " OK or a CAS that missed has a result");
        }
        if (completeTime < invokeTime) {
            throw new IllegalArgumentException("operation " + id + " completes at "
                    + completeTime + ", before its invocation at " + invokeTime);
        }
    }

    /** Whether the operation changes the key when it takes effect. */
    public boolean isWrite() {
        return kind != OperationKind.GET;
    }

    /**
     * When the checker must have placed this operation by: its completion if the client heard
     * an answer, otherwise never (an unknown write may take effect arbitrarily late).
     */
    long deadline() {
        return outcome == Outcome.OK ? completeTime : NEVER;
    }
}
