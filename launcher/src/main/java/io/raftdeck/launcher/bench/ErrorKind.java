package io.raftdeck.launcher.bench;

import io.grpc.Status;

/**
 * Names a failed request's kind for the report: its gRPC status code and a short reason,
 * with node ids and other numbers replaced by N, so failures of one kind add up on one line
 * ("UNAVAILABLE: node N is not the leader (leader is node N)").
 */
final class ErrorKind {

    private static final int MAX_REASON_CHARS = 90;

    private ErrorKind() {
    }

    static String of(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        String reason;
        Throwable cause = status.getCause();
        if (cause != null && String.valueOf(cause.getMessage()).contains("Connection refused")) {
            reason = "connection refused";
        } else if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            reason = "no answer before the request's deadline";
        } else if (status.getDescription() != null) {
            reason = status.getDescription();
        } else {
            reason = cause != null ? String.valueOf(cause.getMessage()) : "";
        }
        reason = reason.replaceAll("\\s*\\R\\s*", "; ").replaceAll("\\d+", "N").strip();
        if (reason.length() > MAX_REASON_CHARS) {
            reason = reason.substring(0, MAX_REASON_CHARS - 3) + "...";
        }
        return reason.isEmpty() ? status.getCode().name() : status.getCode() + ": " + reason;
    }

    /**
     * Whether a failure says the request itself is wrong (too big, refused by a session rule,
     * not allowed): every later request would fail the same way, so the run stops.
     */
    static boolean endsTheRun(Throwable failure) {
        return switch (Status.fromThrowable(failure).getCode()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION, PERMISSION_DENIED,
                    UNAUTHENTICATED, UNIMPLEMENTED -> true;
            default -> false;
        };
    }
}
