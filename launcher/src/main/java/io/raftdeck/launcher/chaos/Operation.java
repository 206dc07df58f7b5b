package io.raftdeck.launcher.chaos;

/**
 * One client operation as a checker needs it: who ran it, what it asked, when it was invoked
 * and when its answer came back, and how it ended. Key/value operations go to the
 * linearizability checker; appends (seed ClientRequests without a session) go to the unique
 * appends check against the committed log instead.
 *
 * <p>An {@link Outcome#UNKNOWN} write may take effect at any time after its invocation, even
 * after {@code completeNanos} (the moment the client gave up), so a checker must treat its
 * completion as open-ended.
 *
 * @param process       the client that ran it (0 is the final reader)
 * @param kind          put, get, cas or append
 * @param key           the key; null for an append, which writes the log, not a key
 * @param value         for a put or cas, the value written (unique per run); for an append,
 *                      the command sent (unique per run); null for a get
 * @param invokeNanos   System.nanoTime() when the request was sent
 * @param completeNanos System.nanoTime() when the answer (or the give-up) came
 * @param outcome       ok, fail (certainly not applied) or unknown (may have applied); a cas
 *                      that was answered but did not swap is fail: it certainly wrote nothing
 * @param result        for an ok get, the value read, or null when the key had none; for a cas
 *                      that did not swap, the value it found (null: none); for an append,
 *                      the node's answer or the client's error (an ok one names its index)
 * @param expected      for a cas, the value the key had to hold (null: the key had to be
 *                      absent); null otherwise
 */
public record Operation(int process, Kind kind, String key, String value, long invokeNanos,
        long completeNanos, Outcome outcome, String result, String expected) {

    /** The operations the workload runs. */
    public enum Kind { PUT, GET, CAS, APPEND }

    /** How an operation ended, as far as its client can tell. */
    public enum Outcome { OK, FAIL, UNKNOWN }

    /** A put or get: no expected value. */
    public Operation(int process, Kind kind, String key, String value, long invokeNanos,
            long completeNanos, Outcome outcome, String result) {
        this(process, kind, key, value, invokeNanos, completeNanos, outcome, result, null);
    }

    /**
     * Whether it writes its value to its key when it takes effect: a put, or a cas that swaps.
     * Not an append: it writes no key, so the key/value checks leave it out.
     */
    public boolean isWrite() {
        return kind == Kind.PUT || kind == Kind.CAS;
    }

    /** An acknowledged write to a key: an ok put, or a cas that swapped. */
    public boolean isOkPut() {
        return isWrite() && outcome == Outcome.OK;
    }

    /** An append of a command to the log, with no key and no session. */
    public boolean isAppend() {
        return kind == Kind.APPEND;
    }

    /** What the cluster acknowledged committing: an ok put, a cas that swapped, an ok append. */
    public boolean isAcknowledgedWrite() {
        return outcome == Outcome.OK && (isWrite() || isAppend());
    }
}
