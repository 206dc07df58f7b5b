package io.raftdeck.launcher.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.raftdeck.access.AdminAccess;
import io.raftdeck.access.AdminSubjects;
import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.StatusRequest;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code raftdeck transfer} and {@code raftdeck snapshot save} against a node whose admin
 * guard ({@link AdminAccess}, the node's own) sees the caller as beyond loopback and without a
 * certificate: each prints the node's refusal in one line, naming --admin-subjects, exit 2.
 * The node behind the guard answers status as a leader and nothing else.
 */
class AdminRefusalCommandsTest {

    @TempDir
    Path dir;

    private Server server;

    @BeforeEach
    void start() throws Exception {
        AdminServiceGrpc.AdminServiceImplBase leader = new AdminServiceGrpc.AdminServiceImplBase() {
            @Override
            public void status(StatusRequest request, StreamObserver<NodeStatus> observer) {
                observer.onNext(NodeStatus.newBuilder().setId(1).setRole(Role.ROLE_LEADER)
                        .setTerm(3).setLeaderId(1).build());
                observer.onCompleted();
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(leader, new AdminAccess(1, true,
                        AdminSubjects.none(), call -> Optional.empty(), address -> false)))
                .build().start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void transferPrintsTheRefusalInOneLine() {
        CommandRun run = CommandRun.of("transfer", "--to", "2", "--cluster", address(),
                "--timeout-ms", "5000");
        assertRefusedInOneLine(run, "TransferLeadership is refused: callers beyond loopback");
    }

    @Test
    void snapshotSavePrintsTheRefusalInOneLineAndWritesNothing() {
        Path backup = dir.resolve("backup.db");
        CommandRun run = CommandRun.of("snapshot", "save", backup.toString(), "--cluster",
                address(), "--timeout-ms", "5000");
        assertRefusedInOneLine(run, "SaveSnapshot is refused: callers beyond loopback");
        assertFalse(Files.exists(backup), run::toString);
        assertFalse(Files.exists(dir.resolve("backup.db.part")), run::toString);
    }

    private String address() {
        return "127.0.0.1:" + server.getPort();
    }

    private static void assertRefusedInOneLine(CommandRun run, String sentence) {
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.errIsOneLine(), run::toString);
        assertTrue(run.err().contains(sentence), run::toString);
        assertTrue(run.err().strip().endsWith("need a client certificate whose subject is in"
                + " --admin-subjects (this call showed none signed by the node's --tls-ca)"),
                run::toString);
    }
}
