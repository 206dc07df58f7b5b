package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.raftdeck.integration.TestCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle sockets that never start HTTP/2 cannot take a node's file descriptors (issue 12, item
 * 5): a {@code raftdeck node} process with {@code --max-connections 64} holds at most that many
 * of 500 such sockets open, closes the rest at once and the held ones within its handshake
 * timeout, and then serves a client while the attacker still keeps its side open. Before,
 * every socket took a descriptor for two minutes (20,000 of them exhausted the process).
 */
class ConnectionFloodTest {

    private static final int MAX_CONNECTIONS = 64;
    private static final int ATTACK_SOCKETS = 500;
    /** Descriptors a node may use beyond its connections: WAL, jars, epoll, its own pipes. */
    private static final int DESCRIPTOR_SLACK = 40;
    /** Turning away the sockets beyond the limit takes one accept each. */
    private static final long ACCEPTED_WITHIN_MS = 30_000;
    /** The handshake timeout (5 s) and room for a busy machine. */
    private static final long CLOSED_WITHIN_MS = 9_000;

    @TempDir
    Path directory;

    @Test
    void idleSocketsBeyondTheLimitAreClosedAndTheRestTimeOut() throws Exception {
        // Proves the node's descriptors stay bounded under a flood and it serves afterwards.
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs Linux's /proc");
        int port = TestCluster.freePorts(1).get(0);
        Process node = NodeProcesses.start(port, directory.resolve("data"),
                directory.resolve("node.out"), List.of(),
                List.of("--max-connections", String.valueOf(MAX_CONNECTIONS)));
        List<Socket> attack = new ArrayList<>();
        try {
            long baseline = openDescriptors(node);
            for (int i = 0; i < ATTACK_SOCKETS; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                attack.add(socket);
            }
            // The clock of the held sockets' handshake timeout starts when the node accepts
            // them, and a busy node accepts from its backlog slowly: a socket still waiting
            // there looks open too, and would be held (and timed) only once a held one closed.
            // So first wait until the node has turned every socket beyond its limit away.
            long open = awaitAtMost(attack, MAX_CONNECTIONS, ACCEPTED_WITHIN_MS);
            assertTrue(open <= MAX_CONNECTIONS, open + " of " + ATTACK_SOCKETS
                    + " idle sockets still open after " + ACCEPTED_WITHIN_MS + " ms; the node "
                    + "should hold at most " + MAX_CONNECTIONS);
            long held = openDescriptors(node);
            assertTrue(held <= baseline + MAX_CONNECTIONS + DESCRIPTOR_SLACK, "node holds "
                    + held + " descriptors with " + ATTACK_SOCKETS + " idle sockets open to it ("
                    + baseline + " before)");

            long stillOpen = awaitAtMost(attack, 0, CLOSED_WITHIN_MS);
            assertEquals(0, stillOpen, "idle sockets the node has not closed after "
                    + CLOSED_WITHIN_MS + " ms");

            CommandRun put = CommandRun.of("put", "after", "flood", "--cluster",
                    "127.0.0.1:" + port, "--timeout-ms", "10000");
            assertEquals(ExitCodes.OK, put.exitCode(), put::toString);
        } finally {
            for (Socket socket : attack) {
                socket.close();
            }
            NodeProcesses.stop(node);
        }
    }

    /** Whether the node still holds this socket open: a read neither ends nor fails. */
    private static boolean isOpen(Socket socket) {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException quiet) {
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    /** Sockets still open once at most {@code most} are, or when {@code withinMs} ran out. */
    private static long awaitAtMost(List<Socket> sockets, long most, long withinMs) {
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(withinMs);
        long open = sockets.stream().filter(ConnectionFloodTest::isOpen).count();
        while (open > most && System.nanoTime() - deadlineNanos < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            open = sockets.stream().filter(ConnectionFloodTest::isOpen).count();
        }
        return open;
    }

    private static long openDescriptors(Process process) throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(
                process.pid()), "fd"))) {
            return descriptors.count();
        }
    }
}
