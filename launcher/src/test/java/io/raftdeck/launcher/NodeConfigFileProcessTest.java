package io.raftdeck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import io.raftdeck.launcher.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real {@code raftdeck node} process runs with the settings its --config file gives. */
class NodeConfigFileProcessTest {

    @TempDir
    Path directory;

    @Test
    void nodeProcessUsesItsConfigFile() throws Exception {
        // Proves a value from the file reaches the running node: a 64-byte command limit set
        // only in the file refuses a 100-byte value and takes a small one.
        int port = TestCluster.freePorts(1).get(0);
        Path config = Files.writeString(directory.resolve("node.yaml"),
                "max-command-bytes: 64\nallow-faults: true\n");
        Process node = NodeProcesses.start(port, directory.resolve("node-1"),
                directory.resolve("node.out"), List.of(), List.of("--config", config.toString()));
        try {
            String cluster = "127.0.0.1:" + port;
            CommandRun big = CommandRun.of("put", "k", "x".repeat(100), "--cluster", cluster,
                    "--timeout-ms", "10000");
            assertEquals(ExitCodes.USAGE, big.exitCode(), big::toString);
            assertTrue(big.err().contains("64"), big::toString);
            CommandRun small = CommandRun.of("put", "k", "small", "--cluster", cluster,
                    "--timeout-ms", "10000");
            assertEquals(ExitCodes.OK, small.exitCode(), small::toString);
        } finally {
            NodeProcesses.stop(node);
        }
    }
}
