package io.raftdeck.console.rpc;

import io.grpc.Status;

/** Turns a failed RPC into one short line for the screen: the status code and the reason. */
public final class RpcErrors {

    private static final int MAX_LENGTH = 160;

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

    /** Whether the failure means "try another node": it was down or not able to serve. */
    public static boolean isUnavailable(Throwable failure) {
        return Status.fromThrowable(failure).getCode() == Status.Code.UNAVAILABLE;
    }

    public static Status.Code code(Throwable failure) {
        return Status.fromThrowable(failure).getCode();
    }

    static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_LENGTH ? flat : flat.substring(0, MAX_LENGTH - 3) + "...";
    }
}
