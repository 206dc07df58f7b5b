package io.raftdeck.launcher.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.launcher.ClusterAddresses;
import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.proto.v1.SaveSnapshotRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** raftdeck snapshot save, status and restore, from a real cluster into a new one. */
class SnapshotCommandTest {

    private static final int KEYS = 40;
    private static final Pattern SHA256 = Pattern.compile("sha256 ([0-9a-f]{64})");

    @TempDir
    static Path root;

    private static TestCluster source;
    private static Path backup;
    private static CommandRun saved;

    @BeforeAll
    static void saveABackup() throws Exception {
        source = TestCluster.start(3, root.resolve("source"));
        source.awaitLeader();
        for (int i = 0; i < KEYS; i++) {
            CommandRun put = CommandRun.of("put", "key-" + i, "value-" + i,
                    "--cluster", ClusterAddresses.of(source));
            assertEquals(ExitCodes.OK, put.exitCode(), put::toString);
        }
        backup = root.resolve("cluster.backup");
        saved = CommandRun.of("snapshot", "save", backup.toString(),
                "--cluster", ClusterAddresses.of(source));
    }

    @AfterAll
    static void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void saveThenRestoreIntoThreeFreshDirsBringsEveryKeyBack() throws Exception {
        // Proves the backup holds every acknowledged write: a new cluster started on three
        // dirs restored from it serves every key, and takes new writes.
        assertEquals(ExitCodes.OK, saved.exitCode(), saved::toString);
        assertTrue(saved.out().matches("(?s)saved .*\nindex \\d+\nterm \\d+\nsize \\d+ bytes\n"
                + "sha256 [0-9a-f]{64}\n"), saved::toString);
        assertFalse(Files.exists(root.resolve("cluster.backup.part")));
        CommandRun status = CommandRun.of("snapshot", "status", backup.toString());
        assertEquals(ExitCodes.OK, status.exitCode(), status::toString);
        assertTrue(status.out().endsWith("checksum ok\n"), status::toString);
        assertEquals(sha256(saved.out()), sha256(status.out()));

        Path restoredRoot = root.resolve("restored");
        for (int id = 1; id <= 3; id++) {
            CommandRun restore = CommandRun.of("snapshot", "restore", backup.toString(),
                    "--data-dir", restoredRoot.resolve("node-" + id).toString(),
                    "--id", String.valueOf(id));
            assertEquals(ExitCodes.OK, restore.exitCode(), restore::toString);
        }
        try (TestCluster restored = TestCluster.start(3, restoredRoot)) {
            restored.awaitLeader();
            String addresses = ClusterAddresses.of(restored);
            for (int i = 0; i < KEYS; i++) {
                CommandRun get = CommandRun.of("get", "key-" + i, "--cluster", addresses);
                assertEquals(ExitCodes.OK, get.exitCode(), get::toString);
                assertEquals("value-" + i, get.out().strip());
            }
            CommandRun put = CommandRun.of("put", "after", "restore", "--cluster", addresses);
            assertEquals(ExitCodes.OK, put.exitCode(), put::toString);
            assertEquals("restore", CommandRun.of("get", "after", "--cluster", addresses)
                    .out().strip());
        }
    }

    @Test
    void saveRefusesToOverwriteWithoutForce() {
        // Proves an existing FILE is kept unless --force is given, and --force replaces it.
        assertEquals(ExitCodes.OK, saved.exitCode(), saved::toString);
        String cluster = ClusterAddresses.of(source);
        CommandRun again = CommandRun.of("snapshot", "save", backup.toString(), "--cluster",
                cluster);
        assertEquals(ExitCodes.USAGE, again.exitCode(), again::toString);
        assertTrue(again.errIsOneLine() && again.err().contains("pass --force"), again::toString);
        Path copy = root.resolve("forced.backup");
        CommandRun first = CommandRun.of("snapshot", "save", copy.toString(), "--cluster", cluster);
        assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
        CommandRun forced = CommandRun.of("snapshot", "save", copy.toString(), "--force",
                "--cluster", cluster);
        assertEquals(ExitCodes.OK, forced.exitCode(), forced::toString);
    }

    @Test
    void restoreRefusesACorruptOrTruncatedFileInOneLine() throws IOException {
        // Proves a flipped byte or a cut file is refused before any data dir is written.
        assertEquals(ExitCodes.OK, saved.exitCode(), saved::toString);
        byte[] bytes = Files.readAllBytes(backup);
        byte[] flipped = bytes.clone();
        flipped[BackupFormat.HEADER_BYTES + 3] ^= 0x40;
        Path corrupt = Files.write(root.resolve("corrupt.backup"), flipped);
        Path truncated = Files.write(root.resolve("truncated.backup"),
                Arrays.copyOf(bytes, bytes.length - 10));
        String[][] cases = {{corrupt.toString(), "checksum mismatch"},
            {truncated.toString(), "header says "}};
        for (String[] c : cases) {
            Path dir = root.resolve("refused-" + Path.of(c[0]).getFileName());
            CommandRun restore = CommandRun.of("snapshot", "restore", c[0],
                    "--data-dir", dir.toString(), "--id", "1");
            assertEquals(ExitCodes.USAGE, restore.exitCode(), restore::toString);
            assertTrue(restore.errIsOneLine(), restore::toString);
            assertTrue(restore.err().contains("is damaged: " + c[1]), restore::toString);
            assertFalse(Files.exists(dir), "no data dir for a refused backup");
            CommandRun status = CommandRun.of("snapshot", "status", c[0]);
            assertEquals(ExitCodes.USAGE, status.exitCode(), status::toString);
        }
    }

    @Test
    void restoreRefusesANonEmptyDataDir() throws IOException {
        // Proves restore never writes over a directory that holds anything.
        assertEquals(ExitCodes.OK, saved.exitCode(), saved::toString);
        Path dir = Files.createDirectories(root.resolve("busy"));
        Files.writeString(dir.resolve("something"), "x");
        CommandRun restore = CommandRun.of("snapshot", "restore", backup.toString(),
                "--data-dir", dir.toString(), "--id", "1");
        assertEquals(ExitCodes.USAGE, restore.exitCode(), restore::toString);
        assertTrue(restore.err().contains("is not empty"), restore::toString);
        assertEquals(1, Files.list(dir).count());
    }

    @Test
    void onlyTheLeaderServesASnapshot() {
        // Proves a follower refuses SaveSnapshot with UNAVAILABLE naming the leader, so a
        // backup is never an older state from a node that has fallen behind.
        int leader = source.awaitLeader();
        int follower = leader == 1 ? 2 : 1;
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                () -> source.admin(follower).saveSnapshot(SaveSnapshotRequest.getDefaultInstance())
                        .hasNext());
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("leader is node " + leader),
                refused::toString);
    }

    private static String sha256(String output) {
        Matcher matcher = SHA256.matcher(output);
        assertTrue(matcher.find(), output);
        return matcher.group(1);
    }
}
