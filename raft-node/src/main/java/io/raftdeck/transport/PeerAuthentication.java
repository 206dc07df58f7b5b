package io.raftdeck.transport;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.lang.System.Logger.Level;

/**
 * Lets through only calls that show the cluster's {@link PeerSecret}: the peer service's
 * guard. Any other call ends UNAUTHENTICATED before the node sees a byte of it, and the node
 * says so in one log line per minute, so a stranger knocking cannot flood the log either.
 */
public final class PeerAuthentication implements ServerInterceptor {

    private static final System.Logger LOGGER =
            System.getLogger(PeerAuthentication.class.getName());
    private static final long LOG_EVERY_MS = 60_000;

    private final int nodeId;
    private final PeerSecret secret;
    private final RateLimitedLog refusals = new RateLimitedLog(LOGGER, LOG_EVERY_MS);

    public PeerAuthentication(int nodeId, PeerSecret secret) {
        this.nodeId = nodeId;
        this.secret = secret;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (secret.isShownIn(headers)) {
            return next.startCall(call, headers);
        }
        String how = headers.containsKey(PeerSecret.HEADER) ? "a wrong" : "no";
        Object from = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        refusals.log(Level.WARNING, "refused", () -> "node " + nodeId + " refused a peer call ("
                + call.getMethodDescriptor().getBareMethodName() + ") from " + from + " with "
                + how + " peer secret: every member must run with the same --peer-secret-file");
        call.close(Status.UNAUTHENTICATED.withDescription("peer calls need the cluster's peer"
                + " secret (" + how + " secret shown)"), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
