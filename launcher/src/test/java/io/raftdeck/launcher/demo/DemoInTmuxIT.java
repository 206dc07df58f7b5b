package io.raftdeck.launcher.demo;

import io.raftdeck.launcher.localcluster.ChildProcesses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./raftdeck demo} for real: the script and the shaded jar this build just packaged,
 * in a 140x45 tmux pane, driven by keys and read off the screen as a person would. Runs in
 * the integration-test phase, after the jar exists. Needs tmux: skipped without it, except in
 * CI (CI=true), where a missing tmux fails.
 */
class DemoInTmuxIT {

    /** A JVM (or six) starting on two busy cores: generous, since it is a bound, not a wait. */
    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Pattern LEADER = Pattern.compile("leader: node (\\d+), term (\\d+)");
    /** A java.util.logging line ("11:52:02.418 INFO node 1 ..."), which must not tear the UI. */
    private static final Pattern LOG_LINE =
            Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARNING|SEVERE) ");

    @TempDir
    Path directory;

    private Path root;
    private TmuxSession tmux;

    @BeforeEach
    void requireTmuxAndTheJar() {
        if (!TmuxSession.installed()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("tmux is not installed, and CI=true: .ci/run installs it");
            }
            Assumptions.abort("tmux is not installed: skipping the dashboard's end-to-end test");
        }
        root = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        assertTrue(Files.isExecutable(root.resolve("raftdeck")), "no ./raftdeck in " + root);
        assertTrue(Files.isRegularFile(root.resolve("launcher/target/raftdeck.jar")),
                "launcher/target/raftdeck.jar is missing: run this in the verify phase");
    }

    @AfterEach
    void stopTmux() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
    }

    @Test
    void demoElectsSurvivesKillingTheLeaderReplicatesACommandAndQuitsCleanly()
            throws Exception {
        // Proves what a first-time user sees: a leader; K and a new leader in a higher term;
        // a typed command committed on every live node; q stops every node it started.
        int basePort = LoopbackPorts.freeRun(5);
        Path data = directory.resolve("data");
        start("demo --base-port " + basePort + " --data-dir " + data);
        Matcher first = awaitLeader(START, "a leader on the dashboard");
        int leader = Integer.parseInt(first.group(1));
        long term = Long.parseLong(first.group(2));

        tmux.keys("K");
        Matcher second = awaitLeader(STEP, "a leader other than node " + leader, next ->
                Integer.parseInt(next.group(1)) != leader
                        && Long.parseLong(next.group(2)) > term);
        assertTrue(tmux.screen().contains("killed node " + leader), tmux.screen());

        tmux.keys(":");
        tmux.type("hello from tmux");
        tmux.keys("Enter");
        tmux.awaitScreen(screen -> screen.contains("'hello from tmux' (index ")
                        && screen.contains("is committed on all 4 answering nodes"),
                STEP, "the command committed on the four live nodes");
        for (int id = 1; id <= 5; id++) {
            if (id != leader) {
                CommandRun log = CommandRun.of("log", "--cluster",
                        "127.0.0.1:" + (basePort + id - 1), "--timeout-ms", "10000");
                assertTrue(log.out().contains("hello from tmux"), log::toString);
            }
        }
        assertNotEquals(leader, Integer.parseInt(second.group(1)));

        quitAndCheckNothingIsLeft(data, basePort);
        String log = Files.readString(data.resolve("raftdeck.log"));
        assertTrue(log.contains("node 1 serving on"), "node logs missing from raftdeck.log");
    }

    /** The end of the demo's node log, to explain a failure (a child that stopped, say). */
    private static String logTail(Path data) {
        try {
            List<String> lines = Files.readAllLines(data.resolve("raftdeck.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Test
    void processDemoKillsAChildForRealAndQuitsWithoutOrphans() throws Exception {
        // Proves demo --processes: the dashboard waits for five JVMs, K SIGKILLs the leader's
        // process and another takes over, q leaves no child process behind.
        int basePort = LoopbackPorts.freeRun(5);
        Path data = directory.resolve("data");
        start("demo --processes --base-port " + basePort + " --data-dir " + data);
        Matcher first = awaitLeader(START, "a leader on the dashboard");
        int leader = Integer.parseInt(first.group(1));
        long term = Long.parseLong(first.group(2));
        List<ProcessHandle> children = ChildProcesses.mentioning(data).stream()
                .filter(process -> ChildProcesses.commandLine(process).contains(" node "))
                .toList();
        if (children.size() != 5) {
            throw new AssertionError("child processes: " + children + "\nscreen:\n"
                    + tmux.screen() + "\nlog tail:\n" + logTail(data));
        }

        tmux.keys("K");
        awaitLeader(STEP, "a leader other than node " + leader, next ->
                Integer.parseInt(next.group(1)) != leader
                        && Long.parseLong(next.group(2)) > term);
        assertEquals(4, children.stream().filter(ProcessHandle::isAlive).count());

        quitAndCheckNothingIsLeft(data, basePort);
        assertFalse(children.stream().anyMatch(ProcessHandle::isAlive));
    }

    /** Runs ./raftdeck with this JVM's Java, whatever the PATH of the tmux server holds. */
    private void start(String arguments) throws Exception {
        tmux = TmuxSession.start(directory, 140, 45, "env RAFTDECK_SKIP_BUILD=1 JAVA_HOME="
                + System.getProperty("java.home") + " " + root.resolve("raftdeck") + " "
                + arguments);
    }

    private Matcher awaitLeader(Duration timeout, String what) throws Exception {
        return awaitLeader(timeout, what, found -> true);
    }

    /** Waits until the title names a leader that satisfies {@code condition}. */
    private Matcher awaitLeader(Duration timeout, String what,
            Predicate<Matcher> condition) throws Exception {
        String screen = tmux.awaitScreen(text -> {
            Matcher leader = LEADER.matcher(text);
            return leader.find() && condition.test(leader);
        }, timeout, what);
        assertNoLogLines();
        Matcher leader = LEADER.matcher(screen);
        assertTrue(leader.find());
        return leader;
    }

    private void quitAndCheckNothingIsLeft(Path data, int basePort) throws Exception {
        tmux.keys("q");
        assertEquals(ExitCodes.OK, tmux.awaitExit(STEP), tmux.screen());
        assertTrue(tmux.screen().contains("raftdeck demo: stopped 5 nodes. Their log: "
                + data.toAbsolutePath()), tmux.screen());
        assertNoLogLines();
        ChildProcesses.awaitGone(ChildProcesses.mentioning(data), Duration.ZERO);
        assertTrue(LoopbackPorts.allFree(basePort, 5), "a node's port is still bound");
    }

    private void assertNoLogLines() {
        for (String screen : tmux.screens()) {
            assertFalse(LOG_LINE.matcher(screen).find(), "a log line on the screen:\n" + screen);
        }
    }
}
