package io.raftdeck.launcher.chaos;

/**
 * One client operation as a linearizability checker needs it: who ran it, what it asked, when
 * it was invoked and when its answer came back, and how it ended.
 *
 * <p>An {@link Outcome#UNKNOWN} write may take effect at any time after its invocation, even
 * after {@code completeNanos} (the moment the client gave up), so a checker must treat its
 * completion as open-ended.
 *
 * @param process       the client that ran it (0 is the final reader)
 * @param kind          put or get
 * @param key           the key
 * @param value         for a put, the value written (unique per run); null for a get
 * @param invokeNanos   System.nanoTime() when the request was sent
 * @param completeNanos System.nanoTime() when the answer (or the give-up) came
 * @param outcome       ok, fail (certainly not applied) or unknown (may have applied)
 * @param result        for an ok get, the value read, or null when the key had none
 */
public record Operation(int process, Kind kind, String key, String value, long invokeNanos,
        long completeNanos, Outcome outcome, String result) {

    /** The operations the workload runs. */
    public enum Kind { PUT, GET }

    /** How an operation ended, as far as its client can tell. */
    public enum Outcome { OK, FAIL, UNKNOWN }

    public boolean isOkPut() {
        return kind == Kind.PUT && outcome == Outcome.OK;
    }
}
