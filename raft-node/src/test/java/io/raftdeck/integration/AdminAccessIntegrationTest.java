package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.raftdeck.access.AdminSubjects;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.tls.TlsFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every AdminService method on a real node from loopback, the operator on the node's own host:
 * with no flags beyond TLS, the admin calls are served and only the fault controls are refused,
 * naming --allow-faults. Callers beyond loopback are {@code access.AdminAccessTest}'s.
 */
class AdminAccessIntegrationTest {

    /** The calls that need --allow-faults; every other one is served from loopback. */
    private static final Set<String> FAULT_CONTROLS = Set.of("SetLinks", "TransferLeadership");

    @TempDir
    Path dir;

    @Test
    void fromLoopbackEveryAdminCallButTheFaultControlsIsServed() throws Exception {
        TlsFixture tls = TlsFixture.in(dir.resolve("tls"));
        for (int id = 1; id <= 3; id++) {
            tls.issueMember(id);
        }
        try (TestCluster cluster = TestCluster.start(3, dir.resolve("data"), config ->
                new NodeConfig(config.id(), config.members(),
                        config.dataDir(), config.tickMs(), config.heartbeatMs(),
                        config.electionTimeoutMinMs(), config.electionTimeoutMaxMs(), false,
                        config.maxCommandBytes(), config.randomSeed())
                        .withTls(tls.peerTlsWithClientCertAuth(config.id()))
                        .withAdminSubjects(AdminSubjects.of(List.of("CN=someone else"))))) {
            cluster.dialingWith(tls.certifiedClient());
            int leader = cluster.awaitLeader();
            for (MethodDescriptor<?, ?> method
                    : AdminServiceGrpc.getServiceDescriptor().getMethods()) {
                String name = method.getBareMethodName();
                if (FAULT_CONTROLS.contains(name)) {
                    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                            () -> call(cluster, leader, method));
                    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(),
                            name + ": " + e);
                    assertTrue(e.getStatus().getDescription().contains("--allow-faults"),
                            name + ": " + e);
                } else {
                    assertTrue(call(cluster, leader, method), name + " answered nothing");
                }
            }
        }
    }

    /**
     * Calls {@code method} with its empty request; whether a first answer came. A server
     * stream such as WatchEvents never ends by itself, so the call is cancelled after it.
     */
    @SuppressWarnings("unchecked")
    private static <Q, R> boolean call(TestCluster cluster, int id, MethodDescriptor<Q, R> method)
            throws Exception {
        Q request = ((MethodDescriptor.PrototypeMarshaller<Q>) method.getRequestMarshaller())
                .getMessagePrototype();
        Context.CancellableContext call = Context.current().withCancellation();
        try {
            return call.call(() -> ClientCalls.blockingServerStreamingCall(cluster.channel(id),
                    method, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS),
                    request).hasNext());
        } finally {
            call.cancel(null);
        }
    }
}
