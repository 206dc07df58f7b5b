package io.raftdeck.console.rpc;

import io.grpc.Metadata;
import io.grpc.Status;

/** Turns a failed RPC into one short line for the screen: the status code and the reason. */
public final class RpcErrors {

    private static final int MAX_LENGTH = 160;
    /** The nodes' marks of a write's outcome (raft-node's WriteOutcome), on the wire. */
    private static final String OUTCOME_UNKNOWN = "outcome unknown";
    private static final Metadata.Key<String> NOT_PROPOSED =
            Metadata.Key.of("raftdeck-not-proposed", Metadata.ASCII_STRING_MARSHALLER);

    private RpcErrors() {
    }

    public static String describe(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        String text = status.getCode().name();
        String description = status.getDescription();
        if (status.getCode() == Status.Code.UNKNOWN && description == null) {
            description = failure.getMessage();
        }
        if (description != null && !description.isBlank()) {
            text += ": " + description;
        }
        return oneLine(text);
    }

    /** The server's reason alone, on one short line; the code's name when it gave none. */
    public static String reason(Throwable failure) {
        String description = Status.fromThrowable(failure).getDescription();
        return description == null || description.isBlank() ? describe(failure)
                : oneLine(description);
    }

    /** Whether the failure means "try another node": it was down or not able to serve. */
    public static boolean isUnavailable(Throwable failure) {
        return Status.fromThrowable(failure).getCode() == Status.Code.UNAVAILABLE;
    }

    /**
     * Whether a write that failed this way may still commit: a node said its outcome is
     * unknown, it timed out, or the call broke after it was sent (not a refused connection,
     * and not a node saying it did not take it).
     */
    public static boolean mayHaveApplied(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        if (status.getDescription() != null
                && status.getDescription().startsWith(OUTCOME_UNKNOWN)) {
            return true;
        }
        Metadata trailers = Status.trailersFromThrowable(failure);
        boolean notProposed = trailers != null && trailers.containsKey(NOT_PROPOSED);
        boolean refused = status.getCause() != null
                && String.valueOf(status.getCause().getMessage()).contains("Connection refused");
        return status.getCode() == Status.Code.DEADLINE_EXCEEDED
                || status.getCode() == Status.Code.UNAVAILABLE && !notProposed && !refused;
    }

    public static Status.Code code(Throwable failure) {
        return Status.fromThrowable(failure).getCode();
    }

    static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_LENGTH ? flat : flat.substring(0, MAX_LENGTH - 3) + "...";
    }
}
