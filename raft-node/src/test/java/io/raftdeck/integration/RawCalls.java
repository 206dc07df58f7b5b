package io.raftdeck.integration;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.raftdeck.proto.seed.RaftServiceGrpc;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.PeerServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends raw bytes, not messages, to any gRPC method: the way to hand a server protobufs that
 * are malformed, truncated or not protobufs at all. On the wire a unary call and a client
 * stream of one message look the same, so every method is called as unary.
 */
public final class RawCalls {

    public static final long DEADLINE_MS = 5_000;

    private static final MethodDescriptor.Marshaller<byte[]> BYTES =
            new MethodDescriptor.Marshaller<>() {
                @Override
                public InputStream stream(byte[] value) {
                    return new ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(InputStream stream) {
                    try {
                        return stream.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };

    private RawCalls() {
    }

    /** Full names of every method of every service a node serves. */
    public static List<String> everyMethod() {
        List<String> names = new ArrayList<>();
        for (ServiceDescriptor service : List.of(PeerServiceGrpc.getServiceDescriptor(),
                ClientServiceGrpc.getServiceDescriptor(), AdminServiceGrpc.getServiceDescriptor(),
                RaftServiceGrpc.getServiceDescriptor())) {
            service.getMethods().forEach(method -> names.add(method.getFullMethodName()));
        }
        return names;
    }

    /** The call's status: OK when it answered, else the error it ended with. */
    public static Status call(Channel channel, String method, byte[] request) {
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(method)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        try {
            ClientCalls.blockingUnaryCall(channel, descriptor,
                    CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS),
                    request);
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }
}
