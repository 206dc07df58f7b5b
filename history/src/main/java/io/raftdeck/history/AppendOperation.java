package io.raftdeck.history;

import java.util.Objects;

/**
 * One client's request to append a command to the replicated log, the command unique in its
 * history, as the client saw it. Such a client has no session (the seed's ClientRequest), so
 * only uniqueness tells a retry's second entry from a new command.
 *
 * @param id            unique within its history; names the append in reports
 * @param process       the client that sent it
 * @param command       the command text as the log renders it; no other append sends it
 * @param outcome       OK: committed once; FAIL: certainly not in the log; UNKNOWN: may be in
 *                      it (once) or not
 * @param invokeTime    when the request was sent (any unit that only grows)
 * @param completeTime  when the answer came back, or the client gave up
 * @param answeredIndex for an OK append, the log index its answer named; {@link #NO_INDEX}
 *                      when the answer named none, and always for other outcomes
 * @param answer        what came back, as text (the node's answer or the client's error), for
 *                      reading a history; null when not kept. The check reads only
 *                      {@code answeredIndex}
 */
public record AppendOperation(long id, int process, String command, Outcome outcome,
                              long invokeTime, long completeTime, long answeredIndex,
                              String answer) {

    /** The answer named no index. Log indexes start at 1. */
    public static final long NO_INDEX = 0;

    /** An append whose answer text is not kept. */
    public AppendOperation(long id, int process, String command, Outcome outcome,
                           long invokeTime, long completeTime, long answeredIndex) {
        this(id, process, command, outcome, invokeTime, completeTime, answeredIndex, null);
    }

    public AppendOperation {
        Objects.requireNonNull(outcome, "outcome");
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("append " + id + ": command must not be empty");
        }
        if (completeTime < invokeTime) {
            throw new IllegalArgumentException("append " + id + " completes at " + completeTime
                    + ", before its invocation at " + invokeTime);
        }
        if (answeredIndex < 0 || answeredIndex != NO_INDEX && outcome != Outcome.OK) {
            throw new IllegalArgumentException("append " + id + ": only an OK append has an "
                    + "answered index (>= 1), was " + answeredIndex + " for " + outcome);
        }
    }

    boolean namesIndex() {
        return answeredIndex != NO_INDEX;
    }

    /** For example {@code append "a3-17" by process 3 (t=120..130, ok at index 41)}. */
    @Override
    public String toString() {
        String how = switch (outcome) {
            case OK -> namesIndex() ? "ok at index " + answeredIndex : "ok";
            case FAIL -> "refused";
            case UNKNOWN -> "unknown";
        };
        return "append \"" + command + "\" by process " + process + " (t=" + invokeTime + ".."
                + completeTime + ", " + how + ")";
    }
}
