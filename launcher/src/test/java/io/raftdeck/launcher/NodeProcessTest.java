package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import io.raftdeck.metrics.HttpGet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code raftdeck node} as its own process: it serves until SIGTERM, then closes cleanly
 * (port and data dir released), and a restart from the same data dir keeps committed data;
 * with {@code --metrics-listen} it serves its metrics and health too.
 */
class NodeProcessTest {

    /** What the JVM exits with when SIGTERM ends it (128 + 15). */
    private static final int EXIT_ON_SIGTERM = 143;

    @TempDir
    Path directory;

    @Test
    void nodeStopsCleanlyOnSigtermAndRecoversItsDataOnRestart() throws Exception {
        // Proves SIGTERM closes the node (port freed, no stack trace) and data survives it.
        int port = TestCluster.freePorts(1).get(0);
        String address = "127.0.0.1:" + port;
        Path dataDir = directory.resolve("node-1");

        Process first = NodeProcesses.start(port, dataDir, directory.resolve("first.out"), List.of(),
                List.of());
        try {
            CommandRun put = CommandRun.of("put", "color", "blue", "--cluster", address,
                    "--timeout-ms", "10000");
            assertEquals(ExitCodes.OK, put.exitCode(), put::toString);
        } finally {
            NodeProcesses.stop(first);
        }
        assertEquals(EXIT_ON_SIGTERM, first.exitValue());
        String output = NodeProcesses.read(directory.resolve("first.out"));
        assertFalse(output.contains("Exception"), output);
        assertTrue(LoopbackPorts.allFree(port, 1), "port released after SIGTERM");

        Process second = NodeProcesses.start(port, dataDir, directory.resolve("second.out"),
                List.of(), List.of());
        try {
            CommandRun get = CommandRun.of("get", "color", "--cluster", address,
                    "--timeout-ms", "10000");
            assertEquals(ExitCodes.OK, get.exitCode(), get::toString);
            assertEquals("blue", get.out().strip());
        } finally {
            NodeProcesses.stop(second);
        }
    }

    @Test
    void metricsListenServesTheNodeUntilItStops() throws Exception {
        // Proves raftdeck node --metrics-listen serves /metrics, /livez and /readyz from the
        // node process (a one-node cluster leads itself, so it is ready) and that the
        // listener's port is released with the node's on SIGTERM.
        List<Integer> ports = TestCluster.freePorts(2);
        int metricsPort = ports.get(1);
        Path output = directory.resolve("metrics.out");
        Process node = NodeProcesses.start(ports.get(0), directory.resolve("node-1"), output,
                List.of(), List.of("--metrics-listen", "127.0.0.1:" + metricsPort));
        try {
            TestCluster.await("the metrics line", NodeProcesses.SERVING_DEADLINE,
                    () -> NodeProcesses.read(output).contains("metrics on http://127.0.0.1:"
                            + metricsPort + "/metrics"));
            TestCluster.await("the node to be ready", NodeProcesses.SERVING_DEADLINE,
                    Duration.ofMillis(50), () -> get(metricsPort, "/readyz").startsWith("200 "));
            assertEquals("200 ok\n", get(metricsPort, "/livez"));
            assertTrue(get(metricsPort, "/metrics").contains("\nraftdeck_server_is_leader 1.0\n"),
                    () -> get(metricsPort, "/metrics"));
        } finally {
            NodeProcesses.stop(node);
        }
        assertTrue(LoopbackPorts.allFree(metricsPort, 1), "metrics port released after SIGTERM");
    }

    /** "CODE body" of GET {@code path}, or "-1" without an answer. */
    private static String get(int port, String path) {
        return HttpGet.tryGet(port, path).map(answer -> answer.code() + " " + answer.body())
                .orElse("-1");
    }
}
