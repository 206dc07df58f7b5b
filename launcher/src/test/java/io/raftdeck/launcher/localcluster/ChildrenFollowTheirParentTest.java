package io.raftdeck.launcher.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No child of {@code demo --processes} outlives the JVM that spawned it, however that JVM
 * ends: SIGTERM runs its shutdown hook, and after SIGKILL the children notice on their own.
 */
class ChildrenFollowTheirParentTest {

    private static final int NODES = 3;

    @TempDir
    Path directory;

    @Test
    void childrenExitWhenTheirParentIsKilledWithSigkill() throws Exception {
        // Proves --exit-with-parent: with no hook able to run, each child sees its parent gone
        // and exits by itself, saying why in its log.
        Process host = startHost();
        List<ProcessHandle> children = awaitChildren(host);
        try {
            host.destroyForcibly();
            assertTrue(host.waitFor(ChildProcesses.BOUND.toSeconds(), TimeUnit.SECONDS));
            ChildProcesses.awaitGone(children, ChildProcesses.BOUND);
        } finally {
            children.forEach(ProcessHandle::destroyForcibly); // no orphan even on failure
        }
        for (int id = 1; id <= NODES; id++) {
            String log = Files.readString(directory.resolve("node-" + id + ".log"));
            assertTrue(log.contains("is gone; stopping"), log);
        }
        assertEquals(List.of(), ChildProcesses.mentioning(directory));
    }

    @Test
    void childrenAreStoppedByTheParentsShutdownHookOnSigterm() throws Exception {
        // Proves the shutdown hook: SIGTERM to the parent stops every child before it exits.
        Process host = startHost();
        List<ProcessHandle> children = awaitChildren(host);
        try {
            host.destroy();
            assertTrue(host.waitFor(ChildProcesses.BOUND.toSeconds(), TimeUnit.SECONDS));
            // The hook waits for the children, so they are gone once the parent is.
            assertFalse(children.stream().anyMatch(ProcessHandle::isAlive),
                    "children alive after the parent's hook ran");
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        assertEquals(List.of(), ChildProcesses.mentioning(directory));
    }

    private Process startHost() throws IOException {
        List<String> command = new ArrayList<>(List.of(ChildCommandLine.javaBinary(), "-cp",
                ChildCommandLine.classPath(), ChildClusterHost.class.getName(),
                directory.toString()));
        TestCluster.freePorts(NODES).forEach(port -> command.add(String.valueOf(port)));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("host.out").toFile()).start();
    }

    /** Waits until the host prints its children's pids; ends the host if it never does. */
    private List<ProcessHandle> awaitChildren(Process host) throws Exception {
        Path output = directory.resolve("host.out");
        long deadlineNanos = System.nanoTime() + ChildProcesses.BOUND.toNanos() * 2;
        while (System.nanoTime() - deadlineNanos < 0 && host.isAlive()) {
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                if (line.startsWith(ChildClusterHost.PIDS_PREFIX)) {
                    return Arrays.stream(line.substring(ChildClusterHost.PIDS_PREFIX.length())
                                    .strip().split(","))
                            .map(pid -> ProcessHandle.of(Long.parseLong(pid)).orElseThrow())
                            .toList();
                }
            }
            LockSupport.parkNanos(50_000_000);
        }
        host.destroy();
        host.waitFor(ChildProcesses.BOUND.toSeconds(), TimeUnit.SECONDS);
        throw new AssertionError("host did not start its children:\n"
                + Files.readString(output));
    }
}
