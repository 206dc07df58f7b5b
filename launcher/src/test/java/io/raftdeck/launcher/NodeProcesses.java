package io.raftdeck.launcher;

import io.raftdeck.integration.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A one-node cluster as a {@code raftdeck node} child process of the test JVM, on this JVM's
 * java and class path: started, awaited until it says it serves, and stopped within bounds.
 */
final class NodeProcesses {

    static final Duration SERVING_DEADLINE = Duration.ofSeconds(30);
    static final long EXIT_DEADLINE_SECONDS = 15;

    private NodeProcesses() {
    }

    /**
     * Starts node 1 on {@code port} with {@code dataDir} and {@code extraArguments}, behind
     * {@code prefix} (a shell that sets a limit, or nothing), its output going to
     * {@code output}, and waits until it serves.
     *
     * @throws AssertionError with the node's output when it exits or misses the deadline
     */
    static Process start(int port, Path dataDir, Path output, List<String> prefix,
                         List<String> extraArguments) throws Exception {
        return start(port, dataDir, output, prefix, List.of(), extraArguments);
    }

    /** The same with {@code jvmOptions} (a small heap: {@code -Xmx256m}) given to java. */
    static Process start(int port, Path dataDir, Path output, List<String> prefix,
                         List<String> jvmOptions, List<String> extraArguments)
            throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                RaftdeckCommand.class.getName(), "node", "--id", "1", "--listen",
                "127.0.0.1:" + port, "--data-dir", dataDir.toString()));
        command.addAll(extraArguments);
        return startCommand(command, output, "raftdeck node 1 serving on 127.0.0.1:" + port);
    }

    /**
     * Starts {@code raftdeck node} with exactly {@code nodeArguments} and waits until its
     * output shows {@code serving}.
     */
    static Process startNode(List<String> nodeArguments, Path output, String serving)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RaftdeckCommand.class.getName(),
                "node"));
        command.addAll(nodeArguments);
        return startCommand(command, output, serving);
    }

    private static Process startCommand(List<String> command, Path output, String serving)
            throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            TestCluster.await("the node to serve", SERVING_DEADLINE,
                    () -> !process.isAlive() || read(output).contains(serving));
        } catch (AssertionError late) {
            process.destroyForcibly().waitFor(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("node did not start serving:\n" + read(output), late);
        }
        if (!process.isAlive()) {
            throw new AssertionError("node exited before serving:\n" + read(output));
        }
        return process;
    }

    /** SIGTERM, as a service manager or Ctrl-C would send, and a bounded wait for the exit. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(EXIT_DEADLINE_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("node still running " + EXIT_DEADLINE_SECONDS
                    + " s after SIGTERM");
        }
    }

    /** What the node wrote so far; empty before it wrote anything. */
    static String read(Path output) {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new AssertionError("cannot read " + output, e);
        }
    }
}
