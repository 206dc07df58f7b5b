package io.raftdeck.launcher.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.launcher.ClusterAddresses;
import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.BuildInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** raftdeck endpoint status and health against a real three-node cluster. */
class EndpointCommandTest {

    @TempDir
    Path dataRoot;

    private TestCluster cluster;

    @BeforeEach
    void startCluster() throws Exception {
        cluster = TestCluster.start(3, dataRoot);
        cluster.awaitLeader();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void statusOfAHealthyClusterAsTableAndJson() {
        // Proves every endpoint answers with its id, the build's version, one leader, and
        // applied <= index, in both formats, with exit 0.
        int leader = cluster.awaitLeader();
        CommandRun table = run("endpoint", "status");
        assertEquals(ExitCodes.OK, table.exitCode(), table::toString);
        List<String> lines = table.out().lines().toList();
        assertEquals(4, lines.size(), table::toString);
        assertTrue(lines.get(0).matches("ENDPOINT +ID +VERSION +IS LEADER +IS LEARNER +TERM"
                + " +INDEX +APPLIED +ERRORS"), table::toString);
        assertEquals(1, lines.stream().filter(line -> line.matches(".* true +false .*")).count(),
                table::toString);

        CommandRun json = run("endpoint", "status", "--write-out", "json");
        assertEquals(ExitCodes.OK, json.exitCode(), json::toString);
        JsonArray rows = JsonParser.parseString(json.out()).getAsJsonArray();
        assertEquals(3, rows.size());
        int leaders = 0;
        for (JsonElement element : rows) {
            JsonObject row = element.getAsJsonObject();
            int id = row.get("id").getAsInt();
            assertEquals(cluster.config(id).listen().toString(),
                    row.get("endpoint").getAsString());
            assertEquals(BuildInfo.current().version(), row.get("version").getAsString());
            assertFalse(row.get("isLearner").getAsBoolean());
            assertTrue(row.get("applied").getAsLong() <= row.get("index").getAsLong());
            assertTrue(row.get("term").getAsLong() >= 1);
            assertEquals("", row.get("errors").getAsString());
            if (row.get("isLeader").getAsBoolean()) {
                leaders++;
                assertEquals(leader, id);
            }
        }
        assertEquals(1, leaders, json::toString);
    }

    @Test
    void healthOfAHealthyCluster() {
        // Proves every endpoint is healthy (answers and serves a linearizable read), exit 0.
        CommandRun table = run("endpoint", "health");
        assertEquals(ExitCodes.OK, table.exitCode(), table::toString);
        assertEquals(3, table.out().lines().filter(line -> line.matches("\\S+ +true +\\d+ ms"))
                .count(), table::toString);
        CommandRun json = run("endpoint", "health", "-w", "json");
        JsonArray rows = JsonParser.parseString(json.out()).getAsJsonArray();
        for (JsonElement row : rows) {
            assertTrue(row.getAsJsonObject().get("healthy").getAsBoolean(), json::toString);
            assertTrue(row.getAsJsonObject().get("tookMs").getAsLong() >= 0);
        }
    }

    @Test
    void oneNodeDownFailsBothWithItsError() {
        // Proves a killed node makes status and health exit 10, its row saying why, while the
        // two others still answer and stay healthy (they keep a quorum).
        int down = cluster.awaitLeader() == 1 ? 2 : 1;
        String downAddress = cluster.config(down).listen().toString();
        cluster.kill(down);
        CommandRun status = run("endpoint", "status", "-w", "json", "--timeout-ms", "2000");
        assertEquals(ExitCodes.ENDPOINT_UNHEALTHY, status.exitCode(), status::toString);
        assertTrue(status.err().contains("1 of 3 endpoints did not answer"), status::toString);
        for (JsonElement element : JsonParser.parseString(status.out()).getAsJsonArray()) {
            JsonObject row = element.getAsJsonObject();
            boolean isDown = row.get("endpoint").getAsString().equals(downAddress);
            assertEquals(isDown, row.get("errors").getAsString().startsWith("unreachable: "),
                    status::toString);
        }
        CommandRun health = run("endpoint", "health", "--timeout-ms", "3000");
        assertEquals(ExitCodes.ENDPOINT_UNHEALTHY, health.exitCode(), health::toString);
        for (String line : health.out().lines().skip(1).toList()) {
            assertEquals(line.startsWith(downAddress + " "), line.contains(" false "),
                    health::toString);
        }
        assertTrue(health.out().contains("connection refused"), health::toString);
    }

    private CommandRun run(String... args) {
        String[] withCluster = new String[args.length + 2];
        System.arraycopy(args, 0, withCluster, 0, args.length);
        withCluster[args.length] = "--cluster";
        withCluster[args.length + 1] = ClusterAddresses.of(cluster);
        return CommandRun.of(withCluster);
    }
}
