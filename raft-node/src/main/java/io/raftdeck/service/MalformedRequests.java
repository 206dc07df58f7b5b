package io.raftdeck.service;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;

/**
 * Makes a request that cannot be parsed fail with INVALID_ARGUMENT, as the API promises for
 * malformed input, instead of gRPC's default INTERNAL (which reads as a server bug).
 */
public final class MalformedRequests {

    private MalformedRequests() {
    }

    /** The same service, whose request parsing reports bad bytes as INVALID_ARGUMENT. */
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
        MethodDescriptor.Marshaller<Q> parser = descriptor.getRequestMarshaller();
        MethodDescriptor.Marshaller<Q> strictParser = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Q value) {
                return parser.stream(value);
            }

            @Override
            public Q parse(InputStream stream) {
                try {
                    return parser.parse(stream);
                } catch (StatusRuntimeException e) {
                    throw Status.INVALID_ARGUMENT.withDescription("malformed request: "
                            + e.getStatus().getDescription()).asRuntimeException();
                }
            }
        };
        return ServerMethodDefinition.create(
                descriptor.toBuilder().setRequestMarshaller(strictParser).build(),
                method.getServerCallHandler());
    }
}
