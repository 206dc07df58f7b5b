package io.raftdeck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.BuildInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** raftdeck version and --version print the build Maven stamped, the Java and the OS. */
class VersionCommandTest {

    @Test
    void versionPrintsBuildJavaAndOs() {
        // Proves the version, the commit, Java and the OS are printed, the version is the one
        // Maven filtered in, and in a git checkout the commit is stamped too.
        CommandRun run = CommandRun.of("version");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<String> lines = run.out().lines().toList();
        assertEquals(4, lines.size(), run::toString);
        assertTrue(lines.get(0).matches("raftdeck \\d+\\.\\d+\\.\\d+\\S*"), run::toString);
        assertTrue(lines.get(1).matches("commit ([0-9a-f]{7,}|unknown)"), run::toString);
        assertTrue(lines.get(2).startsWith("Java " + Runtime.version()), run::toString);
        assertTrue(lines.get(3).startsWith("OS " + System.getProperty("os.name")), run::toString);
        assertNotEquals(BuildInfo.UNKNOWN, BuildInfo.current().version());
        if (Files.exists(Path.of("..", ".git"))) {
            assertNotEquals(BuildInfo.UNKNOWN, BuildInfo.current().commit(), "built in git");
        }
    }

    @Test
    void versionFlagPrintsTheSameLines() {
        // Proves --version, on the top command and on (nested) subcommands, says what version
        // says.
        String expected = CommandRun.of("version").out();
        assertEquals(expected, CommandRun.of("--version").out());
        assertEquals(expected, CommandRun.of("node", "--version").out());
        assertEquals(expected, CommandRun.of("endpoint", "status", "-V").out());
    }
}
