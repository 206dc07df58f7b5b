package io.raftdeck.service;

import io.grpc.Metadata;
import io.grpc.Status;

/**
 * What a failed write's gRPC status says about whether it may still commit, on the wire: a
 * description starting with {@link #UNKNOWN} means it may (it may be in a leader's log); the
 * {@code raftdeck-not-proposed} trailer means it certainly is in no log, so trying it again as
 * a new request cannot apply it twice; so does a refused connection. A failure with none of
 * these (a connection reset mid-call, say) may have reached a log. Nodes set them; forwarding
 * nodes and clients read them.
 */
public final class WriteOutcome {

    /** How the description of a write that may or may not commit starts. */
    public static final String UNKNOWN = "outcome unknown";

    private static final Metadata.Key<String> NOT_PROPOSED =
            Metadata.Key.of("raftdeck-not-proposed", Metadata.ASCII_STRING_MARSHALLER);

    private WriteOutcome() {
    }

    /** Trailers for a failure of a write that put it in no log. */
    public static Metadata notProposed() {
        Metadata trailers = new Metadata();
        trailers.put(NOT_PROPOSED, "true");
        return trailers;
    }

    /** Whether {@code failure} of a write says it certainly reached no log. */
    public static boolean isNotProposed(Throwable failure) {
        Metadata trailers = Status.trailersFromThrowable(failure);
        return trailers != null && trailers.containsKey(NOT_PROPOSED);
    }

    /**
     * Whether a write that failed this way certainly reached no log: the node said so, or the
     * connection was refused, so nothing was sent. Any other failure may have reached one.
     */
    public static boolean certainlyNotProposed(Throwable failure) {
        return isNotProposed(failure) || isRefusedConnection(Status.fromThrowable(failure));
    }

    /** Whether the call failed connecting to the node: nothing was sent. */
    public static boolean isRefusedConnection(Status status) {
        Throwable cause = status.getCause();
        return cause != null && String.valueOf(cause.getMessage()).contains("Connection refused");
    }

    /** Whether {@code status} of a failed write says it may still commit. */
    public static boolean isUnknown(Status status) {
        return status.getDescription() != null && status.getDescription().startsWith(UNKNOWN);
    }

    /** {@code status} said as a write that may still commit. */
    static Status asUnknown(Status status) {
        return isUnknown(status) ? status
                : status.withDescription(UNKNOWN + ": " + status.getDescription());
    }
}
