package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.raftdeck.faults.DirectoryDeletion;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.StatusRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code raftdeck node} processes whose storage fails under them: each stops its node, answers
 * status as STOPPED with the reason for a while, then exits with
 * {@link ExitCodes#NODE_STOPPED}, so that a service manager restarts it instead of keeping a
 * zombie. The failures are real ones, not injected through a hook.
 */
class NodeFailStopProcessTest {

    private static final long KILL_WAIT_SECONDS = 15;
    /** The JVM's exit after the linger: the halt guard bounds it, a second covers the rest. */
    private static final long EXIT_BOUND_MS = NodeFailStop.LINGER_MS + NodeFailStop.HALT_AFTER_MS
            + 2_000;
    /** RLIMIT_FSIZE of the child, in the shell's 512-byte blocks: 2 MiB per file. */
    private static final int FILE_SIZE_LIMIT_BLOCKS = 4096;
    private static final int VALUE_BYTES = 64 << 10;
    private static final int MAX_PUTS = 200;

    @TempDir
    Path directory;
    private final List<Process> processes = new ArrayList<>();
    private ManagedChannel channel;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (Process process : processes) {
            process.destroyForcibly().waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void nodeWhoseWalWriteFailsExitsWithTheNodeStoppedCode() throws Exception {
        // Proves a node process whose WAL write fails (the kernel refuses to grow the segment
        // past the process's file size limit: EFBIG, as a full disk would say ENOSPC) reports
        // STOPPED with the reason to 'raftdeck status' while it lingers, then exits 8 within
        // the bound, having said why in one line and printed no stack trace.
        int port = TestCluster.freePorts(1).get(0);
        Path output = directory.resolve("node.out");
        Process node = startNode(port, directory.resolve("node-1"), output,
                List.of("/bin/sh", "-c", "ulimit -f " + FILE_SIZE_LIMIT_BLOCKS
                        + " && exec \"$@\"", "sh"));
        ClientServiceGrpc.ClientServiceBlockingStub client = ClientServiceGrpc
                .newBlockingStub(channel(port));
        ByteString value = ByteString.copyFrom(new byte[VALUE_BYTES]);
        for (int put = 0; put < MAX_PUTS && stoppedStatus(port).isEmpty(); put++) {
            try {
                client.withDeadlineAfter(10, TimeUnit.SECONDS).put(PutRequest.newBuilder()
                        .setKey("fill-" + put).setValue(value).build());
            } catch (StatusRuntimeException refused) {
                break; // the write that found the WAL broken
            }
        }
        NodeStatus stopped = awaitStopped(port);
        long stoppedSeenNanos = System.nanoTime();
        assertTrue(stopped.getFailure().startsWith("storage failure: WAL write failed on ")
                && stopped.getFailure().contains("File too large"), stopped.getFailure());

        CommandRun status = CommandRun.of("status", "--cluster", "127.0.0.1:" + port);
        assertTrue(status.out().lines().anyMatch(line -> line.matches(
                "1\\s+127\\.0\\.0\\.1:" + port + "\\s+STOPPED\\s+.*  storage failure: .*")),
                status::toString);

        assertExitsStopped(node, stoppedSeenNanos, output);
        assertTrue(read(output).contains("error: raftdeck node 1 stopped: storage failure: WAL"
                + " write failed"), read(output));
    }

    @Test
    void nodeWhoseDataDirIsDeletedExitsWithTheNodeStoppedCode() throws Exception {
        // Proves a node process whose data dir is deleted under it, idle (no write to save),
        // notices within seconds, reports STOPPED naming the directory, and exits 8 within
        // the bound: a supervisor's restart then starts it on what is really on disk.
        int port = TestCluster.freePorts(1).get(0);
        Path dataDir = directory.resolve("node-1");
        Path output = directory.resolve("node.out");
        Process node = startNode(port, dataDir, output, List.of());
        CommandRun put = CommandRun.of("put", "color", "blue", "--cluster", "127.0.0.1:" + port,
                "--timeout-ms", "10000");
        assertEquals(ExitCodes.OK, put.exitCode(), put::toString);

        DirectoryDeletion.delete(dataDir);
        NodeStatus stopped = awaitStopped(port);
        long stoppedSeenNanos = System.nanoTime();
        assertTrue(stopped.getFailure().contains(dataDir.toString())
                && stopped.getFailure().contains("deleted"), stopped.getFailure());
        assertExitsStopped(node, stoppedSeenNanos, output);
    }

    /** Status says STOPPED, else empty; also empty while the node does not answer. */
    private Optional<NodeStatus> stoppedStatus(int port) {
        try {
            NodeStatus status = AdminServiceGrpc.newBlockingStub(channel(port))
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .status(StatusRequest.getDefaultInstance());
            return status.getRole() == Role.ROLE_STOPPED ? Optional.of(status) : Optional.empty();
        } catch (StatusRuntimeException unreachable) {
            return Optional.empty();
        }
    }

    private NodeStatus awaitStopped(int port) {
        NodeStatus[] seen = new NodeStatus[1];
        TestCluster.await("node on port " + port + " to report STOPPED",
                TestCluster.DEFAULT_WAIT, () -> {
                    seen[0] = stoppedStatus(port).orElse(null);
                    return seen[0] != null;
                });
        return seen[0];
    }

    /** The process exits 8, after lingering, within the bound, without a stack trace. */
    private static void assertExitsStopped(Process node, long stoppedSeenNanos, Path output)
            throws Exception {
        long leftMs = EXIT_BOUND_MS
                - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedSeenNanos);
        assertTrue(node.waitFor(Math.max(1, leftMs), TimeUnit.MILLISECONDS),
                "still running " + EXIT_BOUND_MS + " ms after it reported STOPPED");
        assertEquals(ExitCodes.NODE_STOPPED, node.exitValue(), read(output));
        String text = read(output);
        assertTrue(text.contains("exiting with code " + ExitCodes.NODE_STOPPED), text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
    }

    private ManagedChannel channel(int port) {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        }
        return channel;
    }

    /** {@link NodeProcesses#start}, remembered so the test stops it whatever happens. */
    private Process startNode(int port, Path dataDir, Path output, List<String> prefix)
            throws Exception {
        Process process = NodeProcesses.start(port, dataDir, output, prefix, List.of());
        processes.add(process);
        return process;
    }

    private static String read(Path output) {
        return NodeProcesses.read(output);
    }
}
