package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code raftdeck node} as its own process: it serves until SIGTERM, then closes cleanly
 * (port and data dir released), and a restart from the same data dir keeps committed data.
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
}
