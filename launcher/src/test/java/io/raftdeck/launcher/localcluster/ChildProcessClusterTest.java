package io.raftdeck.launcher.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.launcher.CommandRun;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.StartupException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo --processes}: the child node processes behind the dashboard's kill and restart. */
class ChildProcessClusterTest {

    @TempDir
    Path directory;

    @Test
    void killRestartAndCloseLeaveNoChildBehind() throws Exception {
        // Proves kill is a SIGKILL that frees the port, restart serves again from a new process
        // on the same data dir as a working member, and close ends every child ever spawned.
        ClusterDirectory data = ClusterDirectory.kept(directory);
        List<NodeConfig> configs = DemoNodes.configs(3, data);
        List<Integer> serving = new CopyOnWriteArrayList<>();
        ChildProcessCluster cluster = ChildProcessCluster.start(configs, data,
                ChildProcesses.BOUND, serving::add);
        List<ProcessHandle> spawned;
        try {
            assertEquals(3, serving.get(serving.size() - 1));
            NodeAddress second = configs.get(1).listen();
            ProcessHandle first = cluster.process(2).orElseThrow();

            cluster.kill(2);
            assertFalse(first.isAlive());
            assertFalse(PortProbe.answers(second), "port of a killed node still answers");

            cluster.restart(2);
            ProcessHandle again = cluster.process(2).orElseThrow();
            assertNotEquals(first.pid(), again.pid());
            assertTrue(ChildProcesses.commandLine(again).contains(data.nodeData(2).toString()),
                    "restarted on another data dir");
            CommandRun put = CommandRun.of("put", "color", "blue", "--cluster",
                    second.toString(), "--timeout-ms", "20000");
            assertEquals(ExitCodes.OK, put.exitCode(), put::toString);
            spawned = cluster.everyProcess();
        } finally {
            cluster.close();
        }
        assertEquals(4, spawned.size());
        ChildProcesses.awaitGone(spawned, Duration.ZERO);
        assertEquals(List.of(), ChildProcesses.mentioning(directory));
    }

    @Test
    void pauseStopsTheProcessResumeLetsItServeAndCloseEndsAPausedNodeLikeTheRest()
            throws Exception {
        // Proves pause is a SIGSTOP (the kernel shows the process stopped), resume a SIGCONT
        // after which the node serves writes again, and that close resumes a paused node
        // first, so SIGTERM ends it as it ends the others instead of SIGKILL after the grace.
        ClusterDirectory data = ClusterDirectory.kept(directory);
        List<NodeConfig> configs = DemoNodes.configs(3, data);
        ChildProcessCluster cluster = ChildProcessCluster.start(configs, data,
                ChildProcesses.BOUND, count -> { });
        Process first;
        Process paused;
        try {
            assertTrue(cluster.canPause());
            cluster.pause(2);
            ChildProcesses.awaitState(cluster.process(2).orElseThrow(), true);
            cluster.resume(2);
            ChildProcesses.awaitState(cluster.process(2).orElseThrow(), false);
            CommandRun put = CommandRun.of("put", "color", "green", "--cluster",
                    configs.get(1).listen().toString(), "--timeout-ms", "20000");
            assertEquals(ExitCodes.OK, put.exitCode(), put::toString);

            cluster.pause(3);
            ChildProcesses.awaitState(cluster.process(3).orElseThrow(), true);
            first = cluster.child(1);
            paused = cluster.child(3);
        } finally {
            cluster.close();
        }
        assertFalse(paused.isAlive());
        assertEquals(first.exitValue(), paused.exitValue(),
                "the paused node was not stopped as node 1 was");
        assertEquals(List.of(), ChildProcesses.mentioning(directory));
    }

    @Test
    void portInUseFailsBeforeAnyChildStarts() throws Exception {
        // Proves a taken port is reported in one line naming node and port, and spawns nothing.
        ClusterDirectory data = ClusterDirectory.kept(directory);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<NodeConfig> configs = DemoNodes.configs(List.of(taken.getLocalPort(),
                    taken.getLocalPort() + 1), data);
            StartupException failure = assertThrows(
                    StartupException.class, () -> ChildProcessCluster.start(configs, data,
                            ChildProcesses.BOUND, count -> { }));
            assertEquals("node 1: port " + taken.getLocalPort() + " is already in use",
                    failure.getMessage());
        }
        assertEquals(List.of(), ChildProcesses.mentioning(directory));
    }

    @Test
    void childThatCannotStartIsReportedWithItsLastWords() throws Exception {
        // Proves a child that exits before serving is named with its exit code and the error
        // line from its log, and that the other children are stopped.
        ClusterDirectory data = ClusterDirectory.kept(directory);
        List<NodeConfig> valid = DemoNodes.configs(2, data);
        // A heartbeat longer than the election timeout: the node refuses to start.
        List<NodeConfig> configs = valid.stream().map(config -> config.id() != 2 ? config
                : new NodeConfig(config.id(), config.members(), config.dataDir(),
                        config.tickMs(), 1000, config.electionTimeoutMinMs(),
                        config.electionTimeoutMaxMs(), true, config.maxCommandBytes(), 1))
                .collect(Collectors.toList());
        StartupException failure = assertThrows(
                StartupException.class, () -> ChildProcessCluster.start(configs, data,
                        ChildProcesses.BOUND, count -> { }));
        assertTrue(failure.getMessage().startsWith("node 2 exited with code 2 before serving:"
                + " error: "), failure.getMessage());
        assertTrue(failure.getMessage().endsWith("(its log: " + data.nodeLog(2) + ")"),
                failure.getMessage());
        ChildProcesses.awaitGone(ChildProcesses.mentioning(directory), ChildProcesses.BOUND);
    }
}
