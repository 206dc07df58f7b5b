package io.raftdeck.service;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.InputStream;

/**
 * Makes a request that cannot be parsed fail with INVALID_ARGUMENT, as the API promises for
 * malformed input. gRPC itself turns a parse failure into UNKNOWN "Application error", which
 * reads as a server bug; an exception thrown from the parser cannot change that. So the parser
 * returns a marker object instead, one per method, and the handler answers it.
 */
public final class MalformedRequests {

    private MalformedRequests() {
    }

    /** The same service, answering unparsable requests with INVALID_ARGUMENT. */
    public static ServerServiceDefinition rejected(ServerServiceDefinition service) {
        ServerServiceDefinition.Builder builder =
                ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            builder.addMethod(strict(method));
        }
        return builder.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> strict(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        if (!(descriptor.getRequestMarshaller()
                instanceof MethodDescriptor.PrototypeMarshaller<Q> parser)
                || !(parser.getMessagePrototype() instanceof com.google.protobuf.Message proto)) {
            return method;
        }
        @SuppressWarnings("unchecked") // built from Q's own prototype, so it is a Q
        Q malformed = (Q) proto.toBuilder().build();
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
                    return malformed;
                }
            }
        };
        String description = "malformed request: not a valid "
                + proto.getDescriptorForType().getFullName();
        return ServerMethodDefinition.create(
                descriptor.toBuilder().setRequestMarshaller(lenientParser).build(),
                rejecting(method.getServerCallHandler(), malformed, description));
    }

    private static <Q, R> ServerCallHandler<Q, R> rejecting(ServerCallHandler<Q, R> handler,
                                                            Q malformed, String description) {
        return (call, headers) -> new ForwardingServerCallListener
                .SimpleForwardingServerCallListener<Q>(handler.startCall(call, headers)) {
            private boolean rejected;

            @Override
            public void onMessage(Q message) {
                if (rejected) {
                    return;
                }
                if (message == malformed) {
                    rejected = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription(description),
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
