package io.raftdeck.service;

import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.RequestOrigin;
import io.raftdeck.statemachine.StampedCommand;
import io.raftdeck.transport.PeerSecret;
import java.util.Optional;

/**
 * What travels with a request that a node forwards to the node it believes leads: who
 * forwarded it, and the identity the forwarding node gave a request that came without a
 * session (a session's identity is in the request itself). A node that gets a forwarded
 * request and does not lead answers UNAVAILABLE at once instead of forwarding again: two nodes
 * with stale views must never bounce a request between them.
 */
public final class Forwarding {

    static final Metadata.Key<String> FORWARDED_BY =
            Metadata.Key.of("raftdeck-forwarded-by", Metadata.ASCII_STRING_MARSHALLER);
    /** "clientid.sequence", the client id in unsigned hex: see {@link #requestIdHeader}. */
    static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("raftdeck-request-id", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> FORWARDED_BY_CONTEXT =
            Context.key("raftdeck-forwarded-by");
    private static final Context.Key<String> REQUEST_ID_CONTEXT =
            Context.key("raftdeck-request-id");

    private Forwarding() {
    }

    /**
     * Put on the server: makes {@link #isForwarded()} and {@link #requestId()} work. With a
     * peer secret, only a call that shows it counts as forwarded by a member; under peer TLS,
     * only a call that shows a member's certificate; the headers of any other call are a
     * stranger's claim and are ignored (it is served as a client's).
     *
     * @param fromMember whether a call proves that a member made it
     */
    public static ServerInterceptor serverInterceptor(MemberProof fromMember) {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call,
                    Metadata headers, ServerCallHandler<Q, R> next) {
                String forwarder = headers.get(FORWARDED_BY);
                if (forwarder == null || !fromMember.proves(call, headers)) {
                    return next.startCall(call, headers);
                }
                return Contexts.interceptCall(forwardedContext(forwarder,
                        headers.get(REQUEST_ID)), call, headers, next);
            }
        };
    }

    /**
     * Put on the client services of a port that serves only peers: members forward client
     * requests to their leader's member address, so those calls are served; any other client
     * call ends UNIMPLEMENTED with {@code refusal}, as if the service were not there.
     */
    public static ServerInterceptor forwardedOnly(MemberProof fromMember, String refusal) {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call,
                    Metadata headers, ServerCallHandler<Q, R> next) {
                if (headers.get(FORWARDED_BY) != null && fromMember.proves(call, headers)) {
                    return next.startCall(call, headers);
                }
                call.close(Status.UNIMPLEMENTED.withDescription(refusal), new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
        };
    }

    /** Whether a call shows that a member of the cluster made it. */
    @FunctionalInterface
    public interface MemberProof {
        boolean proves(ServerCall<?, ?> call, Metadata headers);

        /** The proof a peer secret gives: the call shows it; with no secret, any call. */
        static MemberProof secret(PeerSecret secret) {
            return (call, headers) -> secret == null || secret.isShownIn(headers);
        }

        /** Both proofs. */
        default MemberProof and(MemberProof other) {
            return (call, headers) -> proves(call, headers) && other.proves(call, headers);
        }
    }

    /** The current context, as inside a call forwarded with these headers' values. */
    static Context forwardedContext(String forwarder, String requestIdHeader) {
        return Context.current().withValue(FORWARDED_BY_CONTEXT, forwarder)
                .withValue(REQUEST_ID_CONTEXT, requestIdHeader);
    }

    /** Put on a stub: marks its calls as forwarded by node {@code selfId}. */
    public static ClientInterceptor marking(int selfId) {
        Metadata headers = new Metadata();
        headers.put(FORWARDED_BY, Integer.toString(selfId));
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /**
     * Put on a stub: marks its call as {@code request} forwarded by node {@code selfId}, with
     * the request's identity when this node gave it one.
     */
    public static ClientInterceptor marking(int selfId, StampedCommand request) {
        Metadata headers = new Metadata();
        headers.put(FORWARDED_BY, Integer.toString(selfId));
        if (request.origin() == RequestOrigin.RECEIVING_NODE) {
            headers.put(REQUEST_ID, requestIdHeader(request.request()));
        }
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /** Whether the call being handled on this thread was forwarded by another node. */
    public static boolean isForwarded() {
        return FORWARDED_BY_CONTEXT.get() != null;
    }

    /**
     * The identity the forwarding node gave the request being handled on this thread, if it
     * was forwarded with one.
     *
     * @throws IllegalArgumentException when the header is not an identity
     */
    static Optional<ClientRequestId> requestId() {
        String header = REQUEST_ID_CONTEXT.get();
        return header == null ? Optional.empty() : Optional.of(parseRequestId(header));
    }

    static String requestIdHeader(ClientRequestId request) {
        return Long.toHexString(request.clientId()) + "." + request.sequence();
    }

    static ClientRequestId parseRequestId(String header) {
        int dot = header.indexOf('.');
        try {
            if (dot > 0) {
                return new ClientRequestId(Long.parseUnsignedLong(header.substring(0, dot), 16),
                        Long.parseLong(header.substring(dot + 1)));
            }
        } catch (IllegalArgumentException malformed) {
            // Reported below, with the header's text.
        }
        throw new IllegalArgumentException("malformed " + REQUEST_ID.name() + " header '"
                + header + "'");
    }
}
