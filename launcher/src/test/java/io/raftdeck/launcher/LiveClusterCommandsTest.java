package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client subcommands end to end against a real three-node cluster. */
class LiveClusterCommandsTest {

    @TempDir
    static Path dataRoot;

    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3, dataRoot);
        cluster.awaitLeader();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void putThenGetReturnsTheValue() {
        // Proves a committed put is read back by get, through any node.
        CommandRun put = run("put", "color", "blue");
        assertEquals(ExitCodes.OK, put.exitCode(), put::toString);
        assertTrue(put.out().strip().matches("OK index=\\d+ term=\\d+"), put::toString);
        CommandRun get = run("get", "color");
        assertEquals(ExitCodes.OK, get.exitCode(), get::toString);
        assertEquals("blue", get.out().strip());
    }

    @Test
    void staleGetSaysItMayBeStale() {
        // Proves --stale answers from a node's own state and warns that it may be stale.
        assertEquals(ExitCodes.OK, run("put", "mood", "calm").exitCode());
        CommandRun get = run("get", "mood", "--stale");
        // A follower may not have applied the put yet: that is what stale means.
        assertTrue(get.exitCode() == ExitCodes.OK || get.exitCode() == ExitCodes.NOT_FOUND,
                get::toString);
        assertTrue(get.err().contains("stale read"), get::toString);
    }

    @Test
    void deleteRemovesTheKey() {
        // Proves del reports existed=true for a present key and get then exits 5.
        assertEquals(ExitCodes.OK, run("put", "shape", "round").exitCode());
        CommandRun delete = run("del", "shape");
        assertTrue(delete.out().strip().matches("OK index=\\d+ term=\\d+ existed=true"),
                delete::toString);
        CommandRun get = run("get", "shape");
        assertEquals(ExitCodes.NOT_FOUND, get.exitCode(), get::toString);
        assertEquals("error: not found: shape", get.err().strip());
    }

    @Test
    void casSwapsOnlyFromTheExpectedValue() {
        // Proves cas --absent creates, a stale expected value reports the current one, a match
        // swaps, and get then shows the swapped value.
        CommandRun created = run("cas", "lamp", "", "on", "--absent");
        assertTrue(created.out().strip().matches("OK swapped=true index=\\d+ term=\\d+"),
                created::toString);
        CommandRun missed = run("cas", "lamp", "off", "dim");
        assertEquals(ExitCodes.OK, missed.exitCode(), missed::toString);
        assertEquals("OK swapped=false current=on", missed.out().strip());
        CommandRun absentMiss = run("cas", "nothing-here", "x", "y");
        assertEquals("OK swapped=false current=(absent)", absentMiss.out().strip());
        CommandRun swapped = run("cas", "lamp", "on", "off");
        assertTrue(swapped.out().strip().startsWith("OK swapped=true index="),
                swapped::toString);
        assertEquals("off", run("get", "lamp").out().strip());
    }

    @Test
    void freeTextCommandShowsInTheLog() {
        // Proves a free-text command commits and 'log' lists it at the index put printed.
        CommandRun command = run("command", "hello", "from", "the", "launcher");
        assertEquals(ExitCodes.OK, command.exitCode(), command::toString);
        String index = command.out().strip().replaceAll("OK index=(\\d+) term=\\d+", "$1");
        CommandRun log = run("log");
        assertEquals(ExitCodes.OK, log.exitCode(), log::toString);
        assertTrue(log.out().startsWith("log of node "), log::toString);
        assertTrue(log.out().lines().anyMatch(line -> line.matches("\\s*" + index
                + "\\s+\\d+\\s+.*hello from the launcher.*")), log::toString);
    }

    @Test
    void statusShowsOneLeaderAndEveryNode() {
        // Proves status prints a row per node and exactly one of them is the leader.
        CommandRun status = run("status");
        assertEquals(ExitCodes.OK, status.exitCode(), status::toString);
        List<String> rows = status.out().lines().skip(1).toList();
        assertEquals(3, rows.size(), status::toString);
        assertEquals(1, rows.stream().filter(row -> row.contains(" leader ")).count(),
                status::toString);
    }

    @Test
    void leaderReportedByStatusMatchesTheNodes() throws Exception {
        // Proves the leader id every follower reports is the id of the node that leads.
        String leaderId = Integer.toString(cluster.awaitLeader());
        CommandRun status = run("status");
        assertTrue(status.out().lines().skip(1).allMatch(row -> row.split("\\s+")[4]
                .equals(leaderId)), status::toString);
    }

    @Test
    void transferMovesLeadershipAndRefusesNonMembers() {
        // Proves 'transfer --to N' makes N the leader (and says so), and a non-member target is
        // a usage error.
        int leader = cluster.awaitLeader();
        int target = cluster.ids().stream().filter(id -> id != leader).findFirst().orElseThrow();
        CommandRun transfer = run("transfer", "--to", Integer.toString(target));
        assertEquals(ExitCodes.OK, transfer.exitCode(), transfer::toString);
        assertTrue(transfer.out().strip().matches("OK leader=" + target + " term=\\d+"),
                transfer::toString);
        TestCluster.await("node " + target + " leads", TestCluster.DEFAULT_WAIT,
                () -> cluster.agreedLeader().orElse(0) == target);

        CommandRun bad = run("transfer", "--to", "42");
        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad.toString() + bad.err());
    }

    @Test
    void eventsPrintsOneLinePerEventAndStopsAtItsCount() {
        // Proves raftdeck events subscribes over gRPC and prints each event as the node's
        // time, id, term, kind and its one line; heartbeats alone make three quickly.
        CommandRun events = run("events", "--messages", "--count", "3", "--seconds", "20");
        assertEquals(ExitCodes.OK, events.exitCode(), events::toString);
        List<String> lines = events.out().strip().lines().toList();
        assertEquals(3, lines.size(), events::toString);
        for (String line : lines) {
            assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} node [1-3] t\\d+ "
                    + "[a-z]+ +\\S.*"), line);
        }
    }

    @Test
    void eventsRefusesABadCountAndSaysWhenNoNodeStreams() {
        // Proves bad input is one line with a usage exit, and no reachable node exits 3.
        CommandRun bad = run("events", "--count", "0");
        assertEquals(ExitCodes.USAGE, bad.exitCode(), bad::toString);
        assertTrue(bad.errIsOneLine() && bad.err().contains("--count"), bad::toString);
        CommandRun none = CommandRun.of("events", "--cluster", "127.0.0.1:1", "--seconds", "5");
        assertEquals(ExitCodes.NO_LEADER, none.exitCode(), none::toString);
        assertTrue(none.errIsOneLine() && none.err().contains("no node streamed events"),
                none::toString);
    }

    private static CommandRun run(String... args) {
        String[] withCluster = new String[args.length + 4];
        System.arraycopy(args, 0, withCluster, 0, args.length);
        withCluster[args.length] = "--cluster";
        withCluster[args.length + 1] = ClusterAddresses.of(cluster);
        withCluster[args.length + 2] = "--timeout-ms";
        withCluster[args.length + 3] = "10000";
        return CommandRun.of(withCluster);
    }
}
