package io.raftdeck.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code raftdeck bench} end to end: option checks, and short real runs. */
class BenchCommandTest {

    private static final Pattern THROUGHPUT = Pattern.compile(
            "throughput +([\\d,.]+) ops/s \\(([\\d,]+) ok in ([\\d.]+) s\\)");
    private static final Pattern DATA_DIR = Pattern.compile("data in (\\S+) \\(");

    @TempDir
    Path dataRoot;

    @Test
    void badOptionsAreOneLineUsageErrorsBeforeAnythingStarts() {
        // Proves every bad combination ends at once with exit 2 and one line naming it.
        String[][] cases = {
            {"--clients", "0"},
            {"--seconds", "0"},
            {"--warmup", "-1"},
            {"--value-size", "-1"},
            {"--value-size", "2000000"},
            {"--keys", "0"},
            {"--key-size", "0"},
            {"--key-size", "2", "--keys", "1000"},
            {"--op", "write"},
            {"--connections", "0"},
            {"--request-timeout-ms", "5"},
            {"--base-port", "65534"},
            {"--in-process", "--cluster", "127.0.0.1:1"},
            {"--cluster", "127.0.0.1:1", "--base-port", "5000"},
            {"--in-process", "--node-jvm-options", "-Xmx1g"},
            {"--cluster", "no-port-here"},
            {"--failover", "--clients", "4"},
            {"--failover", "--seconds", "5"},
            {"--failover", "--cluster", "127.0.0.1:1"},
            {"--failover", "--rounds", "0"},
            {"--rounds", "3"},
            {"--no-such-option"},
        };
        for (String[] options : cases) {
            String[] args = new String[options.length + 1];
            args[0] = "bench";
            System.arraycopy(options, 0, args, 1, options.length);
            CommandRun run = CommandRun.of(args);
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.errIsOneLine(), run::toString);
            assertTrue(run.err().startsWith("error: "), run::toString);
            assertFalse(run.out().contains("target:"), "nothing may start: " + run);
        }
        CommandRun tooShortKeys = CommandRun.of("bench", "--key-size", "2", "--keys", "1000");
        assertTrue(tooShortKeys.err().contains("key 999 needs 3 bytes"), tooShortKeys::toString);
    }

    @Test
    void helpNamesEveryOption() {
        // Proves --help explains the command and lists its options.
        CommandRun help = CommandRun.of("bench", "--help");
        assertEquals(ExitCodes.OK, help.exitCode(), help::toString);
        for (String option : new String[] {"--clients", "--seconds", "--warmup", "--value-size",
                "--key-size", "--keys", "--op", "--seed", "--in-process", "--cluster",
                "--failover", "--rounds", "closed loop"}) {
            assertTrue(help.out().contains(option), option + " missing from:\n" + help.out());
        }
    }

    @Test
    void aShortPutRunInThisJvmReportsEveryFigureAndDeletesItsData() throws Exception {
        // Proves the whole load path on five real nodes with real data dirs: requests
        // complete, the report has throughput, the latency percentiles, no errors and the
        // leader's fsync figures, and the temporary data directory is gone afterwards.
        int basePort = LoopbackPorts.freeRun(5);
        CommandRun run = CommandRun.of("bench", "--in-process", "--seconds", "1", "--warmup",
                "0", "--clients", "4", "--seed", "5", "--base-port", String.valueOf(basePort));
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(completed(run) > 0, run::toString);
        assertTrue(run.out().contains("  1/1 s: "), "a progress line: " + run);
        assertTrue(run.out().matches("(?s).*latency +p50 [\\d.]+  p90 [\\d.]+  p99 [\\d.]+  "
                + "p99\\.9 [\\d.]+  max [\\d.]+ ms.*"), run::toString);
        assertTrue(run.out().contains("errors       none"), run::toString);
        assertTrue(run.out().matches("(?s).*leader fsync node \\d: [\\d,.]+ fsyncs/s, "
                + "[\\d.]+ entries per fsync.*"), run::toString);
        Matcher dataDir = DATA_DIR.matcher(run.out());
        assertTrue(dataDir.find(), run::toString);
        assertFalse(Files.exists(Path.of(dataDir.group(1))), "data left behind: " + run);
        assertTrue(LoopbackPorts.allFree(basePort, 5), "every node stopped");
    }

    @Test
    void aMixedRunAgainstARunningClusterReadsAndWrites() throws Exception {
        // Proves --cluster and --op mixed: the bench finds the leader of a cluster it did not
        // start, linearizable gets and puts both complete, and nothing fails.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            cluster.awaitLeader();
            String nodes = cluster.ids().stream()
                    .map(id -> cluster.config(id).listen().toString())
                    .collect(Collectors.joining(","));
            CommandRun run = CommandRun.of("bench", "--cluster", nodes, "--op", "mixed",
                    "--seconds", "1", "--warmup", "0", "--clients", "3", "--keys", "10",
                    "--value-size", "8");
            assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
            assertTrue(completed(run) > 0, run::toString);
            assertTrue(run.out().contains("result (mixed, 3 clients)"), run::toString);
            assertTrue(run.out().contains("errors       none"), run::toString);
        }
    }

    @Test
    void failoverRoundsInThisJvmMeasureBothTimes() throws Exception {
        // Proves the failover path: each round stops the leader, sees a successor, gets a put
        // through, brings the node back and waits for it; the summary has both spreads.
        int basePort = LoopbackPorts.freeRun(5);
        CommandRun run = CommandRun.of("bench", "--in-process", "--failover", "--rounds", "2",
                "--warmup", "1", "--base-port", String.valueOf(basePort));
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("warming up: 1 s of load"), run::toString);
        assertTrue(run.out().contains("round 1/2: killed node "), run::toString);
        assertTrue(run.out().contains("round 2/2: killed node "), run::toString);
        assertTrue(run.out().matches("(?s).*kill to new leader seen +min [\\d.]+  median "
                + "[\\d.]+  p90 [\\d.]+  max [\\d.]+ \\(ms\\).*"), run::toString);
        assertTrue(run.out().contains("kill to first put ok"), run::toString);
        assertTrue(LoopbackPorts.allFree(basePort, 5), "every node stopped");
    }

    private static long completed(CommandRun run) {
        Matcher throughput = THROUGHPUT.matcher(run.out());
        assertTrue(throughput.find(), run::toString);
        return Long.parseLong(throughput.group(2).replace(",", ""));
    }
}
