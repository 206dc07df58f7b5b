package io.raftdeck.service;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a request that cannot be parsed fail with INVALID_ARGUMENT, as the API promises for
 * malformed input. gRPC itself turns a parse failure into UNKNOWN "Application error", which
 * reads as a server bug; an exception thrown from the parser cannot change that. So the parser
 * returns a marker object instead, one per method and reason (a string field that is not
 * UTF-8, or anything else), and the handler answers it.
 */
public final class MalformedRequests {

    /** Causes looked through for the reason; a cycle in a cause chain must not hang a call. */
    private static final int MAX_CAUSE_DEPTH = 8;

    private MalformedRequests() {
    }

    /** The same service, answering unparsable requests with INVALID_ARGUMENT. */
    public static ServerServiceDefinition rejected(ServerServiceDefinition service) {
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            methods.add(strict(method));
        }
        // The descriptor keeps the service's schema, which server reflection (grpcurl) reads.
        ServiceDescriptor original = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        methods.forEach(method -> descriptor.addMethod(method.getMethodDescriptor()));
        ServerServiceDefinition.Builder builder =
                ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(builder::addMethod);
        return builder.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> strict(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        if (!(descriptor.getRequestMarshaller()
                instanceof MethodDescriptor.PrototypeMarshaller<Q> parser)
                || !(parser.getMessagePrototype() instanceof com.google.protobuf.Message proto)) {
            return method;
        }
        // Two markers, one per reason: built from Q's own prototype, so each is a Q, and
        // each build is a distinct object, told apart by identity.
        @SuppressWarnings("unchecked")
        Q malformed = (Q) proto.toBuilder().build();
        @SuppressWarnings("unchecked")
        Q notUtf8 = (Q) proto.toBuilder().build();
        MethodDescriptor.Marshaller<Q> lenientParser = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Q value) {
                return parser.stream(value);
            }

            @Override
            public Q parse(InputStream stream) {
                try {
                    return parser.parse(stream);
                } catch (RuntimeException e) {
                    return isInvalidUtf8(e) ? notUtf8 : malformed;
                }
            }
        };
        String type = proto.getDescriptorForType().getFullName();
        Map<Q, String> refusals = new IdentityHashMap<>();
        refusals.put(malformed, "malformed request: not a valid " + type);
        // A key is a string field: without this line a client could not tell a key whose
        // bytes are not UTF-8 from a request that is garbage.
        refusals.put(notUtf8, "malformed request: a string field of " + type
                + " (a key, say) is not valid UTF-8");
        return ServerMethodDefinition.create(
                descriptor.toBuilder().setRequestMarshaller(lenientParser).build(),
                rejecting(method.getServerCallHandler(), refusals));
    }

    /**
     * Whether parsing failed on a string field whose bytes are not UTF-8 (gRPC wraps
     * protobuf's exception in its own). Proto3 parsing checks every string field, so such a
     * key never reaches a handler.
     */
    private static boolean isInvalidUtf8(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (cause instanceof InvalidProtocolBufferException
                    && String.valueOf(cause.getMessage()).contains("UTF-8")) {
                return true;
            }
            cause = cause.getCause();
        }
        return false;
    }

    private static <Q, R> ServerCallHandler<Q, R> rejecting(ServerCallHandler<Q, R> handler,
                                                            Map<Q, String> refusals) {
        return (call, headers) -> new ForwardingServerCallListener
                .SimpleForwardingServerCallListener<Q>(handler.startCall(call, headers)) {
            private boolean rejected;

            @Override
            public void onMessage(Q message) {
                if (rejected) {
                    return;
                }
                String refusal = refusals.get(message);
                if (refusal != null) {
                    rejected = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription(refusal),
                            new Metadata());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!rejected) {
                    super.onHalfClose();
                }
            }
        };
    }
}
