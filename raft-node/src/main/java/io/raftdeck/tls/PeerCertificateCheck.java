package io.raftdeck.tls;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.raftdeck.transport.IdentityRefusals;
import io.raftdeck.transport.PeerIdentity;
import io.raftdeck.transport.RateLimitedLog;
import java.lang.System.Logger.Level;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.SortedSet;

/**
 * The peer service's guard under peer TLS: a call must show a client certificate signed by
 * the members' CA, and that certificate must name ({@link MemberNames}) the member the call
 * claims to be in its {@link PeerIdentity}. So holding member 2's certificate lets a node speak
 * as member 2 only: it cannot vote, append or acknowledge as member 3. A refusal ends the call
 * UNAUTHENTICATED (no member's certificate) or PERMISSION_DENIED (another member's) before the
 * node sees a message or records an incarnation, is logged once a minute per claimed member,
 * and shows in status ({@link IdentityRefusals#certificateRefusals}).
 */
public final class PeerCertificateCheck implements ServerInterceptor {

    private static final System.Logger LOGGER =
            System.getLogger(PeerCertificateCheck.class.getName());
    private static final long LOG_EVERY_MS = 60_000;

    private final int selfId;
    private final NodeTlsCredentials credentials;
    private final IdentityRefusals refusals;
    private final RateLimitedLog log = new RateLimitedLog(LOGGER, LOG_EVERY_MS);

    public PeerCertificateCheck(int selfId, NodeTlsCredentials credentials,
                                IdentityRefusals refusals) {
        this.selfId = selfId;
        this.credentials = credentials;
        this.refusals = refusals;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Optional<X509Certificate[]> chain = credentials.memberChain(call);
        Object from = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (chain.isEmpty()) {
            String reason = "node " + selfId + " refused a peer call from " + from + ": peer"
                    + " calls need a client certificate signed by the members' CA"
                    + " (--peer-tls-ca)";
            log.log(Level.WARNING, "no certificate", () -> reason);
            return refuse(call, Status.UNAUTHENTICATED.withDescription(reason));
        }
        Optional<PeerIdentity> claimed;
        try {
            claimed = PeerIdentity.shownIn(headers);
        } catch (IllegalArgumentException e) {
            return refuse(call, Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        }
        SortedSet<Integer> named = MemberNames.named(chain.get()[0]);
        if (claimed.isEmpty() || !named.contains(claimed.get().member())) {
            String who = claimed.isEmpty() ? "no member" : "node " + claimed.get().member();
            claimed.ifPresent(identity -> refusals.refusedCertificate(identity.member()));
            String reason = "node " + selfId + " refused a peer call from " + from
                    + " speaking as " + who + " with a certificate for "
                    + (named.isEmpty() ? "no member" : "node(s) " + named) + " ("
                    + chain.get()[0].getSubjectX500Principal() + "): a member may speak only"
                    + " as the member its certificate names (URI:" + MemberNames.URI_PREFIX
                    + "ID)";
            log.log(Level.WARNING, who, () -> reason);
            return refuse(call, Status.PERMISSION_DENIED.withDescription(reason));
        }
        return next.startCall(call, headers);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
