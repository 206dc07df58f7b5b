package io.raftdeck.integration;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Context;
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
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends raw bytes, not messages, to any gRPC method: the way to hand a server protobufs that
 * are malformed, truncated or not protobufs at all. On the wire a unary call and a client
 * stream of one message look the same, so every method is called as unary, except a server
 * stream (WatchEvents), which answers with its first message and then streams on: it counts
 * as answered once that message arrives, and the call is cancelled.
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

    private static Status firstOfStream(Channel channel,
                                        MethodDescriptor<byte[], byte[]> descriptor,
                                        byte[] request) {
        Context.CancellableContext call = Context.current().withCancellation();
        Context previous = call.attach();
        try {
            Iterator<byte[]> answers = ClientCalls.blockingServerStreamingCall(channel,
                    descriptor, CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_MS,
                            TimeUnit.MILLISECONDS), request);
            answers.hasNext();
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        } finally {
            call.detach(previous);
            call.cancel(null);
        }
    }

    private static List<String> serverStreams() {
        List<String> names = new ArrayList<>();
        for (ServiceDescriptor service : services()) {
            service.getMethods().stream()
                    .filter(method -> method.getType()
                            == MethodDescriptor.MethodType.SERVER_STREAMING)
                    .forEach(method -> names.add(method.getFullMethodName()));
        }
        return names;
    }

    private static List<ServiceDescriptor> services() {
        return List.of(PeerServiceGrpc.getServiceDescriptor(),
                ClientServiceGrpc.getServiceDescriptor(), AdminServiceGrpc.getServiceDescriptor(),
                RaftServiceGrpc.getServiceDescriptor());
    }

    /** Full names of every method of every service a node serves. */
    public static List<String> everyMethod() {
        List<String> names = new ArrayList<>();
        for (ServiceDescriptor service : services()) {
            service.getMethods().forEach(method -> names.add(method.getFullMethodName()));
        }
        return names;
    }

    /** The call's status: OK when it answered, else the error it ended with. */
    public static Status call(Channel channel, String method, byte[] request) {
        boolean serverStream = serverStreams().contains(method);
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(serverStream ? MethodDescriptor.MethodType.SERVER_STREAMING
                        : MethodDescriptor.MethodType.UNARY).setFullMethodName(method)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        if (serverStream) {
            return firstOfStream(channel, descriptor, request);
        }
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
