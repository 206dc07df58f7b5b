package io.raftdeck.tls;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.raftdeck.transport.RateLimitedLog;
import java.lang.System.Logger.Level;

/**
 * The client services' guard under {@code --client-cert-auth}: a call must show a certificate
 * signed by the clients' CA ({@code --tls-ca}), or a member's certificate (members forward
 * client requests to their leader). Anything else ends UNAUTHENTICATED with a sentence saying
 * what is needed, logged once a minute.
 */
public final class ClientCertificateCheck implements ServerInterceptor {

    private static final System.Logger LOGGER =
            System.getLogger(ClientCertificateCheck.class.getName());
    private static final long LOG_EVERY_MS = 60_000;

    private final int selfId;
    private final NodeTlsCredentials credentials;
    private final RateLimitedLog log = new RateLimitedLog(LOGGER, LOG_EVERY_MS);

    public ClientCertificateCheck(int selfId, NodeTlsCredentials credentials) {
        this.selfId = selfId;
        this.credentials = credentials;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (credentials.isClientCertified(call) || credentials.memberChain(call).isPresent()) {
            return next.startCall(call, headers);
        }
        Object from = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        log.log(Level.WARNING, "refused", () -> "node " + selfId + " refused a client call ("
                + call.getMethodDescriptor().getFullMethodName() + ") from " + from
                + " without a client certificate signed by its --tls-ca");
        call.close(Status.UNAUTHENTICATED.withDescription("node " + selfId + " requires a"
                + " client certificate signed by its --tls-ca (--client-cert-auth): pass"
                + " --tls-cert and --tls-key"), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
