package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.ExitCodes;
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

    @Test
    void aShortRunUnderPauseSplitAndKillPassesAndLeavesNoProcess() throws Exception {
        // Proves the whole command: nodes up, clients and nemesis run, faults healed, final
        // reads match the history, exit 0, and every child process it started is gone.
        CommandRun run = ChaosRuns.run(dataDir, 12, SEED);
        ChaosRuns.assertPassed(run, dataDir);
        assertTrue(run.out().contains("pause"), run::toString);
        assertTrue(run.out().contains("kill"), run::toString);
        assertTrue(run.out().contains("split"), run::toString);
        assertTrue(run.out().contains("linearizability: linearizable: "), run::toString);
        List<String> history = Files.readAllLines(dataDir.resolve(ChaosCommand.HISTORY_FILE));
        assertEquals(HistoryFile.HEADER, history.get(0));
        assertTrue(history.size() > ChaosRuns.number(run, "operations: (\\d+) ok"),
                "every operation is in the history file");
    }

    @Test
    void badArgumentsAreOneLineUsageErrors() {
        // Bad input ends at once with exit 2 and one line, before any process starts.
        for (String[] args : new String[][] {
                {"chaos", "--seconds", "1"},
                {"chaos", "--clients", "0"},
                {"chaos", "--keys", "0"},
                {"chaos", "--cluster", "192.0.2.1:5001"},
                {"chaos", "--cluster", "127.0.0.1:5001", "--data-dir", "x"},
        }) {
            CommandRun run = CommandRun.of(args);
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.errIsOneLine(), run::toString);
        }
    }
}
