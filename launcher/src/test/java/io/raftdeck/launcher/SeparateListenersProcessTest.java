package io.raftdeck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.launcher.cli.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code raftdeck node} processes, each with {@code --listen-peer} (listed in
 * {@code --peers}) and {@code --listen-client}: they elect, the client commands work on the
 * client ports, and a client command at the peer ports is refused in one line.
 */
class SeparateListenersProcessTest {

    private static final int NODES = 3;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : processes) {
            NodeProcesses.stop(process);
        }
    }

    @Test
    void aClusterWithPeerAndClientPortsServesClientsOnTheClientPorts() throws Exception {
        int base = LoopbackPorts.freeRun(2 * NODES);
        String peers = IntStream.rangeClosed(1, NODES)
                .mapToObj(id -> id + "=127.0.0.1:" + peerPort(base, id))
                .collect(Collectors.joining(","));
        for (int id = 1; id <= NODES; id++) {
            processes.add(NodeProcesses.startNode(List.of("--id", Integer.toString(id),
                            "--listen-peer", "127.0.0.1:" + peerPort(base, id),
                            "--listen-client", "127.0.0.1:" + clientPort(base, id),
                            "--peers", peers, "--data-dir", dir.resolve("node-" + id).toString(),
                            "--exit-with-parent", Long.toString(ProcessHandle.current().pid())),
                    dir.resolve("node-" + id + ".log"), "raftdeck node " + id
                            + " serving on 127.0.0.1:" + peerPort(base, id) + " (peers), "
                            + "127.0.0.1:" + clientPort(base, id) + " (clients)"));
        }
        String clients = IntStream.rangeClosed(1, NODES)
                .mapToObj(id -> "127.0.0.1:" + clientPort(base, id))
                .collect(Collectors.joining(","));
        CommandRun put = CommandRun.of("put", "color", "blue", "--cluster", clients,
                "--timeout-ms", "20000");
        assertEquals(ExitCodes.OK, put.exitCode(), put::toString);
        // Each node on its own: every one serves the read, followers through the leader.
        for (int id = 1; id <= NODES; id++) {
            CommandRun get = CommandRun.of("get", "color", "--cluster",
                    "127.0.0.1:" + clientPort(base, id), "--timeout-ms", "20000");
            assertEquals(ExitCodes.OK, get.exitCode(), get::toString);
            assertTrue(get.out().contains("blue"), get::toString);
        }
        CommandRun atPeerPort = CommandRun.of("get", "color", "--cluster",
                "127.0.0.1:" + peerPort(base, 1), "--timeout-ms", "5000");
        assertEquals(ExitCodes.USAGE, atPeerPort.exitCode(), atPeerPort::toString);
        assertTrue(atPeerPort.errIsOneLine(), atPeerPort::toString);
        assertTrue(atPeerPort.err().contains("--listen-client"), atPeerPort::toString);
    }

    private static int peerPort(int base, int id) {
        return base + id - 1;
    }

    private static int clientPort(int base, int id) {
        return base + NODES + id - 1;
    }
}
