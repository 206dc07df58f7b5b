package io.raftdeck.access;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The AdminService's guard: each call is admitted or refused by its row in {@link AdminRules}.
 * An admin is a caller from loopback (whoever runs commands on the node's own host), or one
 * whose client certificate, verified by the node's TLS against {@code --tls-ca}, has a subject
 * in {@code --admin-subjects}. Every refusal is PERMISSION_DENIED with a sentence naming the
 * flag that would allow the call.
 */
public final class AdminAccess implements ServerInterceptor {

    private final int nodeId;
    private final boolean faultsAllowed;
    private final AdminSubjects subjects;
    /** The caller's client certificate, if it showed one signed by the clients' CA. */
    private final Function<ServerCall<?, ?>, Optional<X509Certificate>> clientCertificate;
    /** Whether a remote address is this host's loopback; a seam for tests. */
    private final Predicate<SocketAddress> loopback;

    public AdminAccess(int nodeId, boolean faultsAllowed, AdminSubjects subjects,
                       Function<ServerCall<?, ?>, Optional<X509Certificate>> clientCertificate,
                       Predicate<SocketAddress> loopback) {
        this.nodeId = nodeId;
        this.faultsAllowed = faultsAllowed;
        this.subjects = subjects;
        this.clientCertificate = clientCertificate;
        this.loopback = loopback;
    }

    /** Whether {@code address} is a loopback address of this host (127.0.0.0/8, ::1). */
    public static boolean isLoopback(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                && inet.getAddress().isLoopbackAddress();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Optional<String> refusal = refusal(call);
        if (refusal.isEmpty()) {
            return next.startCall(call, headers);
        }
        call.close(Status.PERMISSION_DENIED.withDescription(refusal.get()), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private Optional<String> refusal(ServerCall<?, ?> call) {
        String method = call.getMethodDescriptor().getBareMethodName();
        Optional<AccessRule> rule = AdminRules.of(method);
        if (rule.isEmpty()) {
            return Optional.of(method + " is refused: node " + nodeId + " has no access rule"
                    + " for it (io.raftdeck.access.AdminRules)");
        }
        if (rule.get().adminOnly()) {
            Optional<String> notAdmin = notAdmin(method, call);
            if (notAdmin.isPresent()) {
                return notAdmin;
            }
        }
        if (rule.get().faultControl() != null && !faultsAllowed) {
            return Optional.of(rule.get().faultControl() + " needs --allow-faults, and node "
                    + nodeId + " runs without it");
        }
        return Optional.empty();
    }

    /** Why the caller is not an admin, or empty when it is. */
    private Optional<String> notAdmin(String method, ServerCall<?, ?> call) {
        if (loopback.test(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR))) {
            return Optional.empty();
        }
        String rule = method + " is refused: callers beyond loopback need a client certificate"
                + " whose subject is in --admin-subjects";
        Optional<X509Certificate> certificate = clientCertificate.apply(call);
        if (certificate.isEmpty()) {
            return Optional.of(rule + " (this call showed none signed by the node's --tls-ca)");
        }
        if (subjects.admits(certificate.get().getSubjectX500Principal())) {
            return Optional.empty();
        }
        return Optional.of(rule + " (node " + nodeId + " does not list "
                + certificate.get().getSubjectX500Principal().getName() + ")");
    }
}
