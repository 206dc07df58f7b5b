package io.raftdeck.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** raftdeck node --config, RAFTDECK_<FLAG> and --print-config, without starting a node. */
class ConfigFileTest {

    @TempDir
    Path directory;

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
        // Proves the precedence on one flag at each level, and that --print-config names each
        // value's source and exits 0 without starting a node.
        Path file = write("node.yaml", """
                id: 3
                listen: 127.0.0.1:5003
                data-dir: %s
                tick-ms: 20
                heartbeat-ms: 60
                allow-faults: true
                """.formatted(directory.resolve("node-3")));
        CommandRun run = CommandRun.withEnvironment(
                Map.of("RAFTDECK_TICK_MS", "15", "RAFTDECK_LISTEN", "127.0.0.1:6003"),
                "node", "--config", file.toString(), "--tick-ms", "12", "--print-config");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        String out = run.out();
        assertTrue(out.contains("tick-ms: 12  # flag\n"), out);
        assertTrue(out.contains("listen: 127.0.0.1:6003  # env RAFTDECK_LISTEN\n"), out);
        assertTrue(out.contains("heartbeat-ms: 60  # file " + file + "\n"), out);
        assertTrue(out.contains("id: 3  # file " + file + "\n"), out);
        assertTrue(out.contains("allow-faults: true  # file " + file + "\n"), out);
        assertTrue(out.contains("election-timeout-max-ms: 300  # default\n"), out);
        assertTrue(out.contains("# peers: (not set)  # default\n"), out);
        assertTrue(!out.contains("serving on"), out);
        // What it prints is YAML a config file may hold.
        Map<?, ?> printed = (Map<?, ?>) new Load(LoadSettings.builder().build())
                .loadFromString(out);
        assertEquals(12, printed.get("tick-ms"));
        assertEquals(true, printed.get("allow-faults"));
        assertTrue(out.contains("# config: " + file + "  # flag\n"), out);
    }

    @Test
    void requiredFlagsMayComeFromTheEnvironmentAlone() {
        // Proves --id, --listen and --data-dir are satisfied by RAFTDECK_ID and friends.
        CommandRun run = CommandRun.withEnvironment(Map.of("RAFTDECK_ID", "2",
                        "RAFTDECK_LISTEN", "127.0.0.1:5002",
                        "RAFTDECK_DATA_DIR", directory.resolve("n2").toString(),
                        "RAFTDECK_PEER_SECRET_FILE", "/nonexistent/secret"),
                "node", "--print-config", "--peer-secret-file",
                write("secret", "0123456789abcdef0123\n").toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("id: 2  # env RAFTDECK_ID\n"), run.out());
        assertTrue(run.out().contains("data-dir: " + directory.resolve("n2")
                + "  # env RAFTDECK_DATA_DIR\n"), run.out());
        // The flag beat the environment's path; a path to a secret is printed, never a secret.
        assertTrue(run.out().contains("peer-secret-file: " + directory.resolve("secret")
                + "  # flag\n"), run.out());
    }

    @Test
    void peersMayBeAListOrAMap() {
        // Proves a YAML map id: host:port and a YAML list both become the --peers list.
        Path map = write("map.yaml", """
                id: 1
                listen: 127.0.0.1:5001
                data-dir: %s
                peers: {2: 127.0.0.1:5002, 3: 127.0.0.1:5003}
                """.formatted(directory.resolve("a")));
        Path list = write("list.yaml", """
                id: 1
                listen: 127.0.0.1:5001
                data-dir: %s
                peers:
                  - 2=127.0.0.1:5002
                  - 3=127.0.0.1:5003
                """.formatted(directory.resolve("b")));
        for (Path file : new Path[] {map, list}) {
            CommandRun run = CommandRun.of("node", "--config", file.toString(), "--print-config");
            assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
            assertTrue(run.out().contains(
                    "peers: ['2=127.0.0.1:5002', '3=127.0.0.1:5003']  # file "),
                    run.out());
        }
    }

    @Test
    void adminSubjectsMayBeAYamlListOfNamesWithCommas() {
        // Proves a list of distinguished names, which hold commas, stays one name per item.
        Path file = write("admins.yaml", """
                id: 1
                listen: 127.0.0.1:5001
                data-dir: %s
                tls-cert: node.pem
                tls-key: node-key.pem
                tls-ca: clients-ca.pem
                admin-subjects:
                  - CN=ops,O=Example
                  - CN=backup,O=Example
                """.formatted(directory.resolve("a")));
        CommandRun run = CommandRun.of("node", "--config", file.toString(), "--print-config");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains(
                "admin-subjects: ['CN=ops,O=Example', 'CN=backup,O=Example']  # file "),
                run.out());
    }

    @Test
    void aFlagWithItsOwnConverterTakesItsTextForm() {
        // Proves --quota-bytes, a long written with a unit, reads "512MiB" from a file as on
        // the command line (the file's integer check once refused it), and its converter's
        // one line still names the key when the unit is wrong.
        Path good = write("quota.yaml", "id: 1\nlisten: 127.0.0.1:5001\ndata-dir: %s\n"
                .formatted(directory.resolve("q")) + "quota-bytes: 512MiB\n");
        CommandRun run = CommandRun.of("node", "--config", good.toString(), "--print-config");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("quota-bytes: 536870912  # file "), run.out());
        Path bad = write("bad-quota.yaml", "id: 1\nlisten: 127.0.0.1:5001\nquota-bytes: 2GB\n");
        CommandRun refused = CommandRun.of("node", "--config", bad.toString(),
                "--data-dir", directory.resolve("d").toString());
        assertEquals(ExitCodes.USAGE, refused.exitCode(), refused::toString);
        assertTrue(refused.errIsOneLine(), refused::toString);
        assertTrue(refused.err().contains("config file " + bad + ": key 'quota-bytes': "
                + "unknown size unit 'GB'"), refused::toString);
    }

    @Test
    void unknownKeyIsOneLineNamingKeyAndFile() {
        // Proves a misspelt key is refused, not ignored, with exit 2 and one line.
        Path file = write("typo.yaml", "id: 1\nlisten: 127.0.0.1:5001\ndata-dri: x\n");
        CommandRun run = CommandRun.of("node", "--config", file.toString(), "--data-dir", "d");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.errIsOneLine(), run::toString);
        assertTrue(run.err().contains("config file " + file + ": unknown key 'data-dri'"),
                run.err());
    }

    @Test
    void wrongTypesAreOneLineNamingKeyAndFile() {
        // Proves a string for an integer flag, a list for a single-valued one and a bad
        // address are refused where they came from, with exit 2.
        String[][] cases = {
            {"id: three\nlisten: 127.0.0.1:5001\n", "key 'id' must be an integer, was 'three'"},
            {"id: 1\nlisten: [127.0.0.1:5001, 127.0.0.1:5002]\n",
                "key 'listen' takes a single value, not a list"},
            {"id: 1\nlisten: nowhere\n", "key 'listen': "},
            {"id: 1\nlisten: 127.0.0.1:5001\nallow-faults: yes-please\n",
                "key 'allow-faults' must be true or false"},
            {"id: 1\n  listen: : :\n", "not valid YAML at line"},
            {"- id\n", "expected 'flag: value' lines at the top level"},
            {"help: true\n", "key 'help' cannot be set in a config file"},
        };
        for (String[] c : cases) {
            Path file = write("bad.yaml", c[0]);
            CommandRun run = CommandRun.of("node", "--config", file.toString(),
                    "--data-dir", directory.resolve("d").toString());
            assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
            assertTrue(run.errIsOneLine(), run::toString);
            assertTrue(run.err().contains("config file " + file + ": " + c[1]), run::toString);
        }
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        // Proves a value from the environment that does not convert names its variable.
        CommandRun run = CommandRun.withEnvironment(Map.of("RAFTDECK_ID", "abc"), "node",
                "--listen", "127.0.0.1:5001", "--data-dir", "d", "--print-config");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.errIsOneLine(), run::toString);
        assertTrue(run.err().contains("environment variable RAFTDECK_ID: must be an integer"),
                run.err());
    }

    @Test
    void missingFileIsOneLine() {
        // Proves a --config that names no file fails at once with exit 2, even when every
        // required flag is on the command line.
        Path missing = directory.resolve("absent.yaml");
        CommandRun run = CommandRun.of("node", "--config", missing.toString(), "--id", "1",
                "--listen", "127.0.0.1:5001", "--data-dir", "d");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run::toString);
        assertTrue(run.errIsOneLine(), run::toString);
        assertTrue(run.err().contains("config file " + missing + ": no such file"), run.err());
    }

    @Test
    void configFileCanComeFromTheEnvironment() {
        // Proves RAFTDECK_CONFIG names the file as --config would.
        Path file = write("env.yaml", "id: 4\nlisten: 127.0.0.1:5004\ndata-dir: d4\n");
        CommandRun run = CommandRun.withEnvironment(Map.of("RAFTDECK_CONFIG", file.toString()),
                "node", "--print-config");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("id: 4  # file " + file + "\n"), run.out());
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(directory.resolve(name), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
