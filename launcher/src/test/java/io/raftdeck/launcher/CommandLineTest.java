package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and validation of the raftdeck command line, without starting any node. */
class CommandLineTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"demo", "console", "node", "cluster", "put", "get", "del", "command",
        "status", "log"})
    void everySubcommandExplainsItselfWithHelp(String subcommand) {
        // Proves each subcommand answers --help with its usage on stdout and exit 0.
        CommandRun run = CommandRun.of(subcommand, "--help");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Usage: raftdeck " + subcommand), run::toString);
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void topLevelHelpListsSubcommandsAndExitCodes() {
        // Proves the top-level help names every subcommand and documents the exit codes.
        CommandRun run = CommandRun.of("--help");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        for (String name : new String[] {"demo", "console", "node", "cluster", "put", "get",
            "del", "command", "status", "log", "Exit codes:", "no leader available"}) {
            assertTrue(run.out().contains(name), () -> name + " missing from\n" + run);
        }
    }

    @Test
    void versionNamesTheProject() {
        // Proves --version prints the project version, not an empty line.
        CommandRun run = CommandRun.of("--version");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("raftdeck "), run::toString);
    }

    @Test
    void unknownOptionIsAUsageError() {
        // Proves an unknown option exits 2 with one line naming it and pointing at --help.
        CommandRun run = CommandRun.of("status", "--bogus");
        assertUsageError(run, "Unknown option: '--bogus'");
        assertTrue(run.err().contains("raftdeck status --help"), run::toString);
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        // Proves a misspelt subcommand exits 2 instead of running the default.
        assertUsageError(CommandRun.of("clutser"), "clutser");
    }

    @Test
    void nodeWithContradictoryPeersIsAUsageError() {
        // Proves a peer list giving this node another address exits 2 with one line.
        CommandRun run = CommandRun.of("node", "--id", "3", "--listen", "127.0.0.1:5003",
                "--data-dir", dataDir.toString(),
                "--peers", "1=127.0.0.1:5001,3=127.0.0.1:5009");
        assertUsageError(run, "--peers gives this node (id 3) address 127.0.0.1:5009");
    }

    @Test
    void nodeWithMalformedPeerIsAUsageError() {
        // Proves a peer entry without a port exits 2 with one line naming the entry.
        CommandRun run = CommandRun.of("node", "--id", "3", "--listen", "127.0.0.1:5003",
                "--data-dir", dataDir.toString(), "--peers", "1=127.0.0.1,2=127.0.0.1:5002");
        assertUsageError(run, "--peers entry '1=127.0.0.1'");
    }

    @Test
    void nodeWithBadListenAddressIsAUsageError() {
        // Proves --listen must be host:port.
        CommandRun run = CommandRun.of("node", "--id", "3", "--listen", "localhost",
                "--data-dir", dataDir.toString());
        assertUsageError(run, "Invalid value for option '--listen'");
    }

    @Test
    void nodeWithABadQuotaIsAUsageError() {
        // Proves --quota-bytes takes sizes with binary units and refuses the rest in one line.
        CommandRun decimal = CommandRun.of("node", "--id", "1", "--listen", "127.0.0.1:5001",
                "--data-dir", dataDir.toString(), "--quota-bytes", "2GB");
        assertUsageError(decimal, "unknown size unit 'GB' in '2GB': use B, KiB, MiB, GiB or TiB");
        CommandRun zero = CommandRun.of("node", "--id", "1", "--listen", "127.0.0.1:5001",
                "--data-dir", dataDir.toString(), "--quota-bytes", "0");
        assertUsageError(zero, "--quota-bytes must be at least 1 byte, was 0");
    }

    @Test
    void aQuotaAboveAQuarterOfTheHeapWarnsOnce() {
        // Proves the warning names the quota and the heap, and a quota that fits has none.
        assertTrue(QuotaWarning.warning(200L << 20, 256L << 20).orElseThrow().startsWith(
                "warning: --quota-bytes 200 MiB is more than a quarter of this JVM's heap"
                        + " (256 MiB)"));
        assertTrue(QuotaWarning.warning(64L << 20, 256L << 20).isEmpty());
    }

    @Test
    void nodeWithBadMetricsAddressIsAUsageError() {
        // Proves --metrics-listen must be host:port too.
        CommandRun run = CommandRun.of("node", "--id", "3", "--listen", "127.0.0.1:5003",
                "--data-dir", dataDir.toString(), "--metrics-listen", "9100");
        assertUsageError(run, "Invalid value for option '--metrics-listen'");
    }

    @Test
    void nodeWithoutRequiredOptionsIsAUsageError() {
        // Proves --id, --listen and --data-dir are required.
        assertUsageError(CommandRun.of("node", "--id", "1"), "Missing required option");
    }

    @Test
    void nodeWithIdZeroIsAUsageError() {
        // Proves ids below 1 are refused before anything starts.
        CommandRun run = CommandRun.of("node", "--id", "0", "--listen", "127.0.0.1:5003",
                "--data-dir", dataDir.toString());
        assertUsageError(run, "--id must be >= 1, was 0");
    }

    @Test
    void dataDirThatIsAFileIsAUsageError() throws Exception {
        // Proves a data dir that cannot be created exits 2 with one line saying why.
        Path file = Files.createFile(dataDir.resolve("not-a-directory"));
        CommandRun run = CommandRun.of("node", "--id", "1", "--listen", "127.0.0.1:5003",
                "--data-dir", file.toString());
        assertUsageError(run, "cannot create data dir " + file
                + ": a file of that name is in the way");
    }

    @ParameterizedTest
    @ValueSource(strings = {"node --id 1 --listen 127.0.0.1:5003", "cluster", "demo", "chaos"})
    void anEmptyDataDirIsAUsageError(String arguments) {
        // Proves --data-dir "" (an unset shell variable) exits 2 in one line before anything
        // starts, instead of keeping a node's log in the current directory.
        List<String> args = new ArrayList<>(List.of(arguments.split(" ")));
        args.addAll(List.of("--data-dir", ""));
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertUsageError(run, "Invalid value for option '--data-dir'");
        assertTrue(run.err().contains("must not be empty"), run::toString);
    }

    @Test
    void unusablePeerSecretFilesAreUsageErrors() throws Exception {
        // Proves a missing, short or spaced secret file stops the node with one line, and the
        // line never quotes the file's content.
        Path missing = dataDir.resolve("missing");
        Path shortSecret = Files.writeString(dataDir.resolve("short"), "tiny\n");
        Path spaced = Files.writeString(dataDir.resolve("spaced"), "a secret with spaces\n");
        for (Path file : new Path[] {missing, shortSecret, spaced}) {
            CommandRun run = CommandRun.of("node", "--id", "1", "--listen", "127.0.0.1:5003",
                    "--data-dir", dataDir.resolve("data").toString(), "--peer-secret-file",
                    file.toString());
            assertUsageError(run, "--peer-secret-file " + file);
            assertFalse(run.err().contains("tiny") || run.err().contains("with spaces"),
                    run::toString);
        }
    }

    @Test
    void nonPositiveTimingIsAUsageError() {
        // Proves timing flags are checked before a node starts.
        CommandRun run = CommandRun.of("node", "--id", "1", "--listen", "127.0.0.1:5003",
                "--data-dir", dataDir.toString(), "--heartbeat-ms", "0");
        assertUsageError(run, "--heartbeat-ms must be >= 1, was 0");
    }

    @Test
    void clusterSizeOutOfRangeIsAUsageError() {
        // Proves --nodes is bounded and the port range must fit below 65536.
        assertUsageError(CommandRun.of("cluster", "--nodes", "0"), "--nodes must be 1..15");
        assertUsageError(CommandRun.of("cluster", "--base-port", "65534"),
                "--base-port 65534 leaves no room for 5 ports");
    }

    @Test
    void clientTimeoutMustBePositive() {
        // Proves a zero timeout is a usage error rather than an instant "no leader".
        assertUsageError(CommandRun.of("get", "k", "--timeout-ms", "0"),
                "--timeout-ms must be >= 1, was 0");
    }

    @Test
    void badClusterAddressIsAUsageError() {
        // Proves --cluster entries must be host:port.
        assertUsageError(CommandRun.of("status", "--cluster", "127.0.0.1:5001,nohost"),
                "'nohost' is not host:port");
    }

    @Test
    void anUnresolvableClusterHostIsAUsageErrorInOneLine() {
        // Proves a --cluster host that does not resolve exits 2 at once with one line naming
        // it, instead of retrying until the timeout under grpc's stack traces.
        CommandRun run = CommandRun.of("put", "k", "v", "--timeout-ms", "3000",
                "--cluster", "nosuchhost.invalid:5002");
        assertUsageError(run, "nosuchhost.invalid");
        assertTrue(run.err().contains("does not resolve"), run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "demo", "demo --processes", "console"})
    void dashboardWithoutATerminalIsAUsageErrorAndStartsNothing(String arguments)
            throws Exception {
        // Proves the dashboard modes (and no arguments at all) need a TTY, say so in one line
        // and exit 2 before any node starts: the default ports stay free.
        int basePort = LoopbackPorts.freeRun(5);
        List<String> args = new ArrayList<>(arguments.isEmpty() ? List.of()
                : List.of(arguments.split(" ")));
        if (args.contains("demo")) {
            args.addAll(List.of("--base-port", String.valueOf(basePort)));
        }
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertUsageError(run, "the dashboard needs an interactive terminal");
        assertTrue(LoopbackPorts.allFree(basePort, 5), "a node was started");
    }

    @Test
    void demoSizeIsBoundedByTheDashboardsNumberKeys() {
        // Proves --nodes above nine is refused before anything starts.
        assertUsageError(CommandRun.of("demo", "--nodes", "10"), "--nodes must be 1..9");
        assertUsageError(CommandRun.of("demo", "--base-port", "65534"),
                "--base-port 65534 leaves no room for 5 ports");
    }

    @Test
    void consoleRefusesMoreNodesThanTheDashboardShows() {
        // Proves console --nodes is checked (count and address form) before the terminal.
        StringBuilder distinct = new StringBuilder();
        for (int port = 7001; port <= 7010; port++) {
            distinct.append(distinct.length() == 0 ? "" : ",").append("127.0.0.1:").append(port);
        }
        assertUsageError(CommandRun.of("console", "--nodes", distinct.toString()),
                "--nodes lists 10 nodes; the dashboard shows at most 9");
        assertUsageError(CommandRun.of("console", "--nodes", "nohost"), "'nohost' is not");
    }

    static void assertUsageError(CommandRun run, String messagePart) {
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.errIsOneLine(), run::toString);
        assertTrue(run.err().startsWith("error: "), run::toString);
        assertTrue(run.err().contains(messagePart), () -> "expected '" + messagePart + "' in\n"
                + run);
        assertEquals("", run.out(), run::toString);
    }
}
