package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code raftdeck chaos} end to end, on real child node processes. */
class ChaosCommandTest {

    /** Its 12 s schedule pauses node 2, splits {1,4} off and kills node 4. */
    private static final long SEED = 23;

    @TempDir
    Path dataDir;

    @TempDir
    Path pageDir;

    @Test
    void aShortRunUnderPauseSplitAndKillPassesAndLeavesNoProcess() throws Exception {
        // Proves the whole command: nodes up, clients and nemesis run, faults healed, final
        // reads match the history, exit 0, and every child process it started is gone.
        Path page = pageDir.resolve("chaos.html");
        CommandRun run = ChaosRuns.run(dataDir, 12, SEED, "--report", page.toString());
        ChaosRuns.assertPassed(run, dataDir);
        assertTrue(run.out().contains("pause"), run::toString);
        assertTrue(run.out().contains("kill"), run::toString);
        assertTrue(run.out().contains("split"), run::toString);
        assertTrue(run.out().contains("linearizability: linearizable: "), run::toString);
        assertTrue(ChaosRuns.number(run, "appends: (\\d+) ok") > 0, run::toString);
        assertTrue(run.out().contains("log indexes observed: "), run::toString);
        List<String> history = Files.readAllLines(dataDir.resolve(ChaosCommand.HISTORY_FILE));
        assertEquals(HistoryFile.HEADER, history.get(0));
        assertTrue(history.size() > ChaosRuns.number(run, "operations: (\\d+) ok"),
                "every operation is in the history file");
        assertTrue(history.stream().anyMatch(line -> line.contains("\tAPPEND\t-\ta")),
                "the appends are in the history file");
        assertTrue(run.out().strip().endsWith("raftdeck chaos: report in "
                + page.toAbsolutePath()), run::toString);
        String html = Files.readString(page);
        assertTrue(html.contains("\"total\":" + (history.size() - 1) + ","),
                "the page holds every operation of the history file");
        assertTrue(html.contains("\"kind\":\"kill\"") && html.contains("\"kind\":\"pause\""),
                "and the fault windows");
        assertTrue(html.contains("PASS, no anomaly"), "and the verdict");
        assertFalse(Files.exists(Path.of(page + ReportFile.PART_SUFFIX)));
    }

    @Test
    void badArgumentsAreOneLineUsageErrors() {
        // Bad input ends at once with exit 2 and one line, before any process starts.
        for (String[] args : new String[][] {
                {"chaos", "--seconds", "1"},
                {"chaos", "--clients", "0"},
                {"chaos", "--append-clients", "-1"},
                {"chaos", "--append-clients", "101"},
                {"chaos", "--keys", "0"},
                {"chaos", "--cluster", "192.0.2.1:5001"},
                {"chaos", "--cluster", "127.0.0.1:5001", "--data-dir", "x"},
                {"chaos", "--report", "/no-such-dir/chaos.html"},
                {"chaos", "--report", System.getProperty("java.io.tmpdir")},
        }) {
            CommandRun run = CommandRun.of(args);
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.errIsOneLine(), run::toString);
        }
    }

    @Test
    void theAppendClientsOptionIsNamedInTheHelpAndItsErrorSaysItsBounds() {
        // Proves the new option is documented and its bad value is one clear line.
        CommandRun help = CommandRun.of("chaos", "--help");
        assertEquals(ExitCodes.OK, help.exitCode(), help::toString);
        assertTrue(help.out().contains("--append-clients=N"), help::toString);
        // Picocli wraps the text at 80 columns; the words matter, not where lines break.
        String words = help.out().replaceAll("\\s+", " ");
        assertTrue(words.contains("seed ClientRequests, without a session and one attempt "
                + "each"), help::toString);
        CommandRun bad = CommandRun.of("chaos", "--append-clients", "101");
        assertTrue(bad.err().contains("--append-clients must be 0..100, was 101"),
                bad::toString);
    }
}
