package io.raftdeck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code raftdeck node} as its own process: it serves until SIGTERM, then closes cleanly
 * (port and data dir released), and a restart from the same data dir keeps committed data.
 */
class NodeProcessTest {

    private static final long SERVING_DEADLINE_MS = 30_000;
    private static final long EXIT_DEADLINE_SECONDS = 15;
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

        Process first = startNode(port, dataDir, directory.resolve("first.out"));
        try {
            CommandRun put = CommandRun.of("put", "color", "blue", "--cluster", address,
                    "--timeout-ms", "10000");
            assertEquals(ExitCodes.OK, put.exitCode(), put::toString);
        } finally {
            stop(first);
        }
        assertEquals(EXIT_ON_SIGTERM, first.exitValue());
        String output = Files.readString(directory.resolve("first.out"));
        assertFalse(output.contains("Exception"), output);
        assertTrue(LoopbackPorts.allFree(port, 1), "port released after SIGTERM");

        Process second = startNode(port, dataDir, directory.resolve("second.out"));
        try {
            CommandRun get = CommandRun.of("get", "color", "--cluster", address,
                    "--timeout-ms", "10000");
            assertEquals(ExitCodes.OK, get.exitCode(), get::toString);
            assertEquals("blue", get.out().strip());
        } finally {
            stop(second);
        }
    }

    /** Starts a one-node cluster in a child JVM and waits until it says it is serving. */
    private static Process startNode(int port, Path dataDir, Path output) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), RaftdeckCommand.class.getName(), "node",
                "--id", "1", "--listen", "127.0.0.1:" + port, "--data-dir", dataDir.toString()))
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        long deadlineNanos = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(SERVING_DEADLINE_MS);
        while (System.nanoTime() < deadlineNanos && process.isAlive()) {
            if (read(output).contains("raftdeck node 1 serving on 127.0.0.1:" + port)) {
                return process;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly().waitFor(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS);
        throw new AssertionError("node did not start serving:\n" + read(output));
    }

    /** SIGTERM, as a service manager or Ctrl-C would send, and a bounded wait for the exit. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("node still running " + EXIT_DEADLINE_SECONDS
                    + " s after SIGTERM");
        }
    }

    private static String read(Path output) throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }
}
