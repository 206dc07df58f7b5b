package io.raftdeck.service;

import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.MetadataUtils;

/**
 * Marks a request that a follower forwarded to the node it believes leads. A node that gets a
 * forwarded request and does not lead answers UNAVAILABLE at once instead of forwarding again:
 * two nodes with stale views must never bounce a request between them.
 */
public final class Forwarding {

    static final Metadata.Key<String> FORWARDED_BY =
            Metadata.Key.of("raftdeck-forwarded-by", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> FORWARDED_BY_CONTEXT =
            Context.key("raftdeck-forwarded-by");

    private Forwarding() {
    }

    /** Put on the server: makes {@link #isForwarded()} true inside forwarded calls. */
    public static ServerInterceptor serverInterceptor() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call,
                    Metadata headers, ServerCallHandler<Q, R> next) {
                String forwarder = headers.get(FORWARDED_BY);
                if (forwarder == null) {
                    return next.startCall(call, headers);
                }
                Context context = Context.current().withValue(FORWARDED_BY_CONTEXT, forwarder);
                return Contexts.interceptCall(context, call, headers, next);
            }
        };
    }

    /** Put on a stub: marks its calls as forwarded by node {@code selfId}. */
    public static ClientInterceptor marking(int selfId) {
        Metadata headers = new Metadata();
        headers.put(FORWARDED_BY, Integer.toString(selfId));
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /** Whether the call being handled on this thread was forwarded by another node. */
    public static boolean isForwarded() {
        return FORWARDED_BY_CONTEXT.get() != null;
    }
}
