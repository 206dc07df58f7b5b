package io.raftdeck.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.tls.NodeTls;
import io.raftdeck.tls.NodeTlsCredentials;
import io.raftdeck.tls.TestCertificates;
import io.raftdeck.tls.TlsFile;
import io.raftdeck.tls.TlsFixture;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every AdminService method, called over real gRPC and real TLS handshakes through
 * {@link AdminAccess}, by each kind of caller: from loopback without flags, from beyond
 * loopback without a certificate, with a certificate whose subject is not listed, with a
 * member's certificate (another CA), and with a listed subject; on a node with and without
 * {@code --allow-faults}. The service behind it answers ABORTED "reached", so a call is either
 * refused by the guard or reaches the service. Beyond loopback is the guard's address seam
 * told that this test's 127.0.0.1 is not loopback: the only part that is not the real thing.
 */
class AdminAccessTest {

    private static final String REACHED = "reached the service";

    /**
     * What this project promises for each method, written apart from AdminRules on purpose:
     * whether only an admin may call it, and whether it needs --allow-faults.
     */
    private record Promise(boolean adminOnly, boolean needsFaults) {
    }

    private static final Map<String, Promise> PROMISES = Map.of(
            "Status", new Promise(false, false),
            "WatchEvents", new Promise(false, false),
            "SetLinks", new Promise(false, true),
            "TransferLeadership", new Promise(true, true),
            "SaveSnapshot", new Promise(true, false));

    @TempDir
    Path dir;

    private TlsFixture fixture;
    private TestCertificates clientCa;
    private NodeTlsCredentials tls;
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void certificates() throws Exception {
        fixture = TlsFixture.in(dir);
        fixture.issueMember(1);
        fixture.issueMember(2);
        clientCa = TestCertificates.newCa("admins CA");
        clientCa.writeCa(dir.resolve("admins-ca.pem"));
        clientCa.issue("ops", List.of(), dir.resolve("ops.pem"), dir.resolve("ops-key.pem"));
        clientCa.issue("intern", List.of(), dir.resolve("intern.pem"),
                dir.resolve("intern-key.pem"));
        NodeTls peer = fixture.peerTls(1);
        tls = NodeTlsCredentials.load(1, new NodeTls(null, null,
                new TlsFile("--tls-ca", dir.resolve("admins-ca.pem")), false,
                peer.peerCertificate(), peer.peerKey(), peer.peerCa()), 60_000);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        tls.close();
    }

    @Test
    void everyMethodHasAPromiseHere() {
        for (MethodDescriptor<?, ?> method
                : AdminServiceGrpc.getServiceDescriptor().getMethods()) {
            assertTrue(PROMISES.containsKey(method.getBareMethodName()),
                    method.getBareMethodName() + ": say in PROMISES who may call it");
        }
    }

    @Test
    void loopbackWithoutFlagsIsAnAdmin() throws Exception {
        for (boolean faults : new boolean[] {false, true}) {
            serve(faults, "", true);
            checkEveryMethod(fixture.anonymousClient(), true, faults, null);
        }
    }

    @Test
    void beyondLoopbackWithoutACertificateIsNot() throws Exception {
        for (boolean faults : new boolean[] {false, true}) {
            serve(faults, "CN=ops", false);
            checkEveryMethod(fixture.anonymousClient(), false, faults, "showed none");
        }
    }

    @Test
    void beyondLoopbackWithAnUnlistedSubjectIsNot() throws Exception {
        for (boolean faults : new boolean[] {false, true}) {
            serve(faults, "CN=ops", false);
            checkEveryMethod(client("intern"), false, faults, "does not list CN=intern");
        }
    }

    @Test
    void aCertificateFromAnotherCaDoesNotCountEvenWithAListedSubject() throws Exception {
        // Member 2's certificate is signed by the members' CA, not --tls-ca: its subject is
        // listed, yet it proves nothing about an admin.
        serve(true, "CN=raftdeck node 2", false);
        checkEveryMethod(fixture.asMember(2), false, true, "showed none");
    }

    @Test
    void beyondLoopbackWithAListedSubjectIsAnAdmin() throws Exception {
        for (boolean faults : new boolean[] {false, true}) {
            // Written differently from the certificate: names compare in canonical form.
            serve(faults, "cn=ops;CN=backup", false);
            checkEveryMethod(client("ops"), true, faults, null);
        }
    }

    private void checkEveryMethod(ChannelCredentials credentials, boolean admin,
                                  boolean faults, String adminRefusalDetail) {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort(), credentials)
                .overrideAuthority("localhost").build();
        for (MethodDescriptor<?, ?> method
                : AdminServiceGrpc.getServiceDescriptor().getMethods()) {
            String name = method.getBareMethodName();
            Promise promise = PROMISES.get(name);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> call(method));
            String where = name + " (admin " + admin + ", faults " + faults + "): " + e;
            if (promise.adminOnly() && !admin) {
                assertRefused(e, where, "--admin-subjects");
                assertTrue(e.getStatus().getDescription().startsWith(name + " is refused:"
                        + " callers beyond loopback need a client certificate"), where);
                assertTrue(e.getStatus().getDescription().contains(adminRefusalDetail), where);
            } else if (promise.needsFaults() && !faults) {
                assertRefused(e, where, "--allow-faults");
            } else {
                assertEquals(Status.Code.ABORTED, e.getStatus().getCode(), where);
                assertEquals(REACHED, e.getStatus().getDescription(), where);
            }
        }
        channel.shutdownNow();
    }

    private static void assertRefused(StatusRuntimeException e, String where, String flag) {
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), where);
        assertTrue(e.getStatus().getDescription().contains(flag), where);
        assertTrue(!e.getStatus().getDescription().contains("\n"), where);
    }

    @SuppressWarnings("unchecked")
    private <Q, R> void call(MethodDescriptor<Q, R> method) {
        Q request = ((MethodDescriptor.PrototypeMarshaller<Q>) method.getRequestMarshaller())
                .getMessagePrototype();
        ClientCalls.blockingServerStreamingCall(channel, method,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request).hasNext();
    }

    private ChannelCredentials client(String name) throws Exception {
        return TlsChannelCredentials.newBuilder().trustManager(fixture.peerCaFile().toFile())
                .keyManager(dir.resolve(name + ".pem").toFile(),
                        dir.resolve(name + "-key.pem").toFile()).build();
    }

    private void serve(boolean faults, String subjects, boolean loopback) throws Exception {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        AdminAccess access = new AdminAccess(1, faults, subjects.isEmpty() ? AdminSubjects.none()
                : AdminSubjects.of(List.of(subjects.split(";"))), tls::clientCertificate,
                address -> loopback && AdminAccess.isLoopback(address));
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                        tls.serverCredentials())
                .addService(ServerInterceptors.intercept(reachingService(), access))
                .build().start();
    }

    /** Every AdminService method, answering ABORTED "reached" as soon as it is called. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ServerServiceDefinition reachingService() {
        ServerServiceDefinition.Builder builder =
                ServerServiceDefinition.builder(AdminServiceGrpc.getServiceDescriptor());
        for (MethodDescriptor<?, ?> method
                : AdminServiceGrpc.getServiceDescriptor().getMethods()) {
            builder.addMethod((MethodDescriptor) method, (call, headers) -> {
                ((ServerCall<?, ?>) call).close(Status.ABORTED.withDescription(REACHED),
                        new Metadata());
                return new ServerCall.Listener<>() {
                };
            });
        }
        return builder.build();
    }
}
