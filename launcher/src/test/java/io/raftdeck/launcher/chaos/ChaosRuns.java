package io.raftdeck.launcher.chaos;

import io.raftdeck.launcher.localcluster.ChildProcesses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.LoopbackPorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code raftdeck chaos} for a test and checks what every passing run must show. */
final class ChaosRuns {

    /** JVMs on two busy cores take a while to go after SIGTERM (and SIGKILL after 3 s). */
    private static final long GONE_WITHIN_MS = 30_000;

    private ChaosRuns() {
    }

    /** Runs chaos on five fresh child processes with their data in {@code dataDir}. */
    static CommandRun run(Path dataDir, int seconds, long seed, String... more)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("chaos", "--seconds",
                String.valueOf(seconds), "--seed", String.valueOf(seed), "--data-dir",
                dataDir.toString(), "--base-port",
                String.valueOf(LoopbackPorts.freeRun(ChaosCommand.NODE_COUNT))));
        args.addAll(List.of(more));
        return CommandRun.of(args.toArray(String[]::new));
    }

    /** Exit 0, a report with operations and faults, nothing lost, and no process left. */
    static void assertPassed(CommandRun run, Path dataDir) {
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(number(run, "operations: (\\d+) ok") > 0, run::toString);
        assertTrue(number(run, "faults injected: (\\d+) of") > 0, run::toString);
        assertEquals(0, number(run, "acknowledged writes lost: (\\d+)"), run::toString);
        assertTrue(run.out().contains("result: PASS, no anomaly"), run::toString);
        assertNoProcessLeft(dataDir);
    }

    static long number(CommandRun run, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(run.out());
        if (!matcher.find()) {
            throw new AssertionError("no match for " + regex + " in\n" + run);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** No live java process mentions the run's data dir: every node it started is gone. */
    static void assertNoProcessLeft(Path dataDir) {
        String text = dataDir.toAbsolutePath().toString();
        long deadlineNanos = System.nanoTime() + GONE_WITHIN_MS * 1_000_000;
        while (true) {
            List<ProcessHandle> left = ProcessHandle.allProcesses()
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> ChildProcesses.commandLine(process).contains(text))
                    .toList();
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new AssertionError("node processes left: " + left.stream()
                        .map(ProcessHandle::pid).toList());
            }
            LockSupport.parkNanos(50_000_000);
        }
    }
}
