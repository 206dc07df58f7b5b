package io.raftdeck.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.ServerInterceptors;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.StatusRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A gRPC handler that throws, on a real server on loopback, behind the interceptor. */
class FatalErrorInterceptorTest {

    private final List<String> stops = new CopyOnWriteArrayList<>();
    private volatile Throwable toThrow;
    private LoopbackServer server;

    /** An admin service whose Status throws whatever the test set. */
    private final class ThrowingAdmin extends AdminServiceGrpc.AdminServiceImplBase {
        @Override
        public void status(StatusRequest request, StreamObserver<NodeStatus> observer) {
            Throwable error = toThrow;
            if (error instanceof Error fatal) {
                throw fatal;
            }
            throw (RuntimeException) error;
        }
    }

    private AdminServiceGrpc.AdminServiceBlockingStub start() throws Exception {
        server = LoopbackServer.serving(ServerInterceptors.intercept(new ThrowingAdmin(),
                new FatalErrorInterceptor(stops::add)));
        return AdminServiceGrpc.newBlockingStub(server.channel())
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void outOfMemoryInAHandlerStopsTheNodeAndStillFailsTheCall() throws Exception {
        // Proves an OutOfMemoryError thrown by a handler stops the node once, with a reason
        // naming it and the method, while gRPC still fails that call as it did before.
        AdminServiceGrpc.AdminServiceBlockingStub admin = start();
        toThrow = new OutOfMemoryError("Java heap space");
        assertThrows(StatusRuntimeException.class,
                () -> admin.status(StatusRequest.getDefaultInstance()));
        assertEquals(List.of("out of memory (Java heap space) in the gRPC handler of Status"),
                stops);
    }

    @Test
    void ordinaryExceptionsAndStackOverflowsDoNotStopTheNode() throws Exception {
        // Proves a handler's bug (a RuntimeException) or a stack overflow, which unwinds only
        // its own thread, fails that call alone and leaves the node running.
        AdminServiceGrpc.AdminServiceBlockingStub admin = start();
        toThrow = new IllegalStateException("a bug");
        assertThrows(StatusRuntimeException.class,
                () -> admin.status(StatusRequest.getDefaultInstance()));
        toThrow = new StackOverflowError();
        assertThrows(StatusRuntimeException.class,
                () -> admin.status(StatusRequest.getDefaultInstance()));
        assertEquals(List.of(), stops);
    }
}
