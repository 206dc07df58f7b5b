package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.metrics.HttpGet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code raftdeck cluster} for real: nodes start, status lines show a leader, stop is clean. */
class ClusterCommandTest {

    private static final long LEADER_DEADLINE_MS = 15_000;

    @TempDir
    Path dataRoot;

    @Test
    void clusterPrintsStatusLinesWithALeaderAndReleasesItsPorts() throws Exception {
        // Proves cluster starts N nodes on consecutive ports, reports a leader, stops cleanly.
        int basePort = LoopbackPorts.freeRun(3);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = RaftdeckCommand.commandLine(new PrintWriter(out, true),
                new PrintWriter(err, true));
        ClusterCommand command = commandLine.getSubcommands().get("cluster").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                commandLine.execute("cluster", "--nodes", "3", "--base-port",
                        Integer.toString(basePort), "--data-dir", dataRoot.toString(),
                        "--status-interval-ms", "200"));
        try {
            assertTrue(awaitLeaderLine(out, exit), () -> "no leader line:\n" + out + err);
        } finally {
            command.requestStop();
        }
        assertEquals(ExitCodes.OK, exit.get(20, TimeUnit.SECONDS), () -> out + "\n" + err);
        assertTrue(out.toString().contains("raftdeck cluster: 3 nodes on 127.0.0.1:" + basePort
                + ".." + (basePort + 2)), out::toString);
        assertTrue(out.toString().strip().endsWith("raftdeck cluster: stopped"), out::toString);
        assertTrue(Files.isDirectory(dataRoot.resolve("node-3")), "node data dirs created");
        assertTrue(LoopbackPorts.allFree(basePort, 3), "ports released after stop");
    }

    @Test
    void absurdTimingIsAcceptedWithOneLineOfWarning() throws Exception {
        // Proves a tick of 100 s and an election timeout of 500..600 s still start, but say in
        // one line at start that a dead leader would be replaced only after minutes.
        int basePort = LoopbackPorts.freeRun(1);
        CommandRun run = CommandRun.of("cluster", "--nodes", "1", "--quiet",
                "--stop-after-ms", "200", "--base-port", Integer.toString(basePort),
                "--data-dir", dataRoot.toString(), "--tick-ms", "100000",
                "--heartbeat-ms", "100000", "--election-timeout-min-ms", "500000",
                "--election-timeout-max-ms", "600000");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        assertTrue(run.err().startsWith("warning: "), run::toString);
        assertTrue(run.err().contains("tick 100000 ms"), run::toString);
        assertTrue(run.err().contains("election timeout 500000..600000 ms"), run::toString);
    }

    @Test
    void portInUseIsAOneLineStartupError() throws Exception {
        // Proves a taken port stops 'cluster' with exit 2 and one line, nothing left running.
        int basePort = LoopbackPorts.freeRun(3);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(basePort + 1, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            CommandRun run = CommandRun.of("cluster", "--nodes", "3", "--base-port",
                    Integer.toString(basePort), "--data-dir", dataRoot.toString());
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.errIsOneLine(), run::toString);
            assertTrue(run.err().startsWith("error: node 2"), run::toString);
            assertFalse(run.out().contains("stopped"), run::toString);
        }
        assertTrue(LoopbackPorts.allFree(basePort, 3), "node 1 closed after node 2 failed");
    }

    @Test
    void metricsBasePortServesEveryNodesReadinessAndMetrics() throws Exception {
        // Proves --metrics-base-port gives node n a metrics listener on PORT + n - 1: all
        // three become ready (a leader and a linearizable read) and serve /metrics.
        int basePort = LoopbackPorts.freeRun(3);
        int metricsPort = LoopbackPorts.freeRun(3);
        StringWriter out = new StringWriter();
        CommandLine commandLine = RaftdeckCommand.commandLine(new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        ClusterCommand command = commandLine.getSubcommands().get("cluster").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                commandLine.execute("cluster", "--nodes", "3", "--base-port",
                        Integer.toString(basePort), "--metrics-base-port",
                        Integer.toString(metricsPort), "--data-dir", dataRoot.toString(),
                        "--quiet"));
        try {
            for (int port = metricsPort; port < metricsPort + 3; port++) {
                int node = port;
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
                        LEADER_DEADLINE_MS);
                while (httpCode(node, "/readyz") != 200) {
                    assertTrue(System.nanoTime() < deadline && !exit.isDone(),
                            () -> "node on metrics port " + node + " never ready:\n" + out);
                    Thread.sleep(50);
                }
                assertEquals(200, httpCode(node, "/metrics"));
            }
        } finally {
            command.requestStop();
        }
        assertEquals(ExitCodes.OK, exit.get(20, TimeUnit.SECONDS), out::toString);
        assertTrue(out.toString().contains("metrics on http://127.0.0.1:" + metricsPort + ".."
                + (metricsPort + 2) + "/metrics"), out::toString);
        assertTrue(LoopbackPorts.allFree(metricsPort, 3), "metrics ports released after stop");
    }

    @Test
    void aTakenMetricsPortIsAOneLineStartupError() throws Exception {
        int basePort = LoopbackPorts.freeRun(2);
        int metricsPort = LoopbackPorts.freeRun(2);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(metricsPort + 1, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            CommandRun run = CommandRun.of("cluster", "--nodes", "2", "--base-port",
                    Integer.toString(basePort), "--metrics-base-port",
                    Integer.toString(metricsPort), "--data-dir", dataRoot.toString());
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.errIsOneLine(), run::toString);
            assertEquals("error: node 2: cannot listen for metrics on 127.0.0.1:"
                    + (metricsPort + 1) + ": port " + (metricsPort + 1)
                    + " is already in use", run.err().strip(), run::toString);
        }
        assertTrue(LoopbackPorts.allFree(basePort, 2), "nodes closed after the failure");
        assertTrue(LoopbackPorts.allFree(metricsPort, 1), "node 1's metrics closed too");
    }

    /** The status code of GET {@code path} on 127.0.0.1:{@code port}, or -1 without an answer. */
    private static int httpCode(int port, String path) {
        return HttpGet.tryGet(port, path).map(HttpGet.Answer::code).orElse(-1);
    }

    /** Polls the captured output for a status row of a leader, until the deadline. */
    private static boolean awaitLeaderLine(StringWriter out, CompletableFuture<Integer> exit)
            throws InterruptedException {
        long deadlineNanos = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(LEADER_DEADLINE_MS);
        while (System.nanoTime() < deadlineNanos && !exit.isDone()) {
            if (out.toString().lines().anyMatch(line -> line.matches(
                    "\\d\\d:\\d\\d:\\d\\d \\d\\s+127\\.0\\.0\\.1:\\d+\\s+leader\\s.*"))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
