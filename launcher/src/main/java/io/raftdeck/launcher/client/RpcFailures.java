package io.raftdeck.launcher.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.service.WriteOutcome;

/** Maps gRPC errors to one-line messages and the launcher's exit codes. */
public final class RpcFailures {

    /** Keeps error lines readable; gRPC descriptions can run to hundreds of characters. */
    private static final int MAX_DESCRIPTION_CHARS = 160;

    private RpcFailures() {
    }

    static CommandFailure failure(String what, NodeAddress node, StatusRuntimeException e,
            long timeoutMs) {
        Status.Code code = e.getStatus().getCode();
        return switch (code) {
            case UNAVAILABLE -> new CommandFailure(ExitCodes.NO_LEADER,
                    node + " did not answer the " + what + ": " + describe(e));
            case DEADLINE_EXCEEDED -> new CommandFailure(ExitCodes.TIMEOUT, isRead(what)
                    ? what + " timed out after " + timeoutMs + " ms waiting for " + node
                    : WriteOutcome.UNKNOWN + ": " + what + " not confirmed within " + timeoutMs
                            + " ms by " + node + "; it may or may not have applied");
            case RESOURCE_EXHAUSTED -> new CommandFailure(isQuota(e) ? ExitCodes.NO_SPACE
                    : ExitCodes.USAGE, node + " refused the " + what + ": " + describe(e));
            // The client's TLS does not satisfy the node: a matter of flags, like bad input.
            case UNAUTHENTICATED, PERMISSION_DENIED -> new CommandFailure(ExitCodes.USAGE,
                    node + " refused the " + what + ": " + describe(e));
            // UNIMPLEMENTED: a port that does not serve this call (a --listen-peer port
            // given to a client), a matter of flags too; the node's sentence names the right one.
            case INVALID_ARGUMENT, OUT_OF_RANGE, UNIMPLEMENTED -> new CommandFailure(
                    ExitCodes.USAGE,
                    node + " rejected the " + what + ": " + describe(e));
            default -> new CommandFailure(ExitCodes.INTERNAL,
                    what + " failed at " + node + ": " + describe(e));
        };
    }

    /** A short readable form of a gRPC failure: what a user needs, not the transport's dump. */
    public static String describe(Throwable failure) {
        if (!(failure instanceof StatusRuntimeException e)) {
            return String.valueOf(failure);
        }
        Status status = e.getStatus();
        Throwable cause = status.getCause();
        if (WriteOutcome.isRefusedConnection(status)) {
            return "connection refused";
        }
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
            return "no answer in time";
        }
        String text = status.getCode().name();
        if (status.getDescription() != null) {
            text += ": " + status.getDescription();
        }
        if (cause != null && cause.getMessage() != null) {
            text += " (" + cause.getMessage() + ")";
        }
        text = text.replaceAll("\\s*\\R\\s*", "; ");
        // A node's refusal is one sentence written for the user, naming the flag that would
        // allow the call: shown whole. The bound is for the transport's dumps.
        return text.length() <= MAX_DESCRIPTION_CHARS
                || status.getCode() == Status.Code.PERMISSION_DENIED ? text
                : text.substring(0, MAX_DESCRIPTION_CHARS - 3) + "...";
    }

    /**
     * Whether a RESOURCE_EXHAUSTED is the store's quota, whose sentence names the flag. gRPC
     * itself uses the code too, for a request past the node's message size: bad input, exit 2,
     * not the quota's 9.
     */
    private static boolean isQuota(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return description != null && description.contains("--quota-bytes");
    }

    private static boolean isRead(String what) {
        return what.equals("get") || what.equals("status") || what.equals("log")
                || what.startsWith("snapshot");
    }
}
