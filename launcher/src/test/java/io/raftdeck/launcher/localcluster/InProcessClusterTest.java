package io.raftdeck.launcher.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import io.raftdeck.launcher.LoopbackPorts;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.StartupException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nodes in this JVM as the one cluster handle: what it reports, refuses and cleans up. */
class InProcessClusterTest {

    @Test
    void itRefusesPauseAndDeletesADisposableDirectoryWhenClosed() throws Exception {
        // Proves a cluster in this JVM says it cannot pause (a call fails saying why), that
        // its report line names the nodes, and that close takes a disposable directory
        // (the bench's) with it, once the nodes have stopped.
        ClusterDirectory directory = ClusterDirectory.disposable("raftdeck-in-process-test-");
        int basePort = LoopbackPorts.freeRun(3);
        List<NodeConfig> configs = DemoNodes.configs(List.of(basePort, basePort + 1,
                basePort + 2), directory);
        LocalCluster cluster = LocalCluster.inThisJvm(configs, directory);
        try {
            assertTrue(cluster.canKill());
            assertFalse(cluster.canPause());
            UnsupportedOperationException refused = assertThrows(
                    UnsupportedOperationException.class, () -> cluster.pause(1));
            assertEquals(InProcessCluster.NO_PAUSE, refused.getMessage());
            assertEquals("3 nodes in this JVM on 127.0.0.1:" + basePort + ".." + (basePort + 2),
                    cluster.description());
            assertEquals(directory.jvmLog().toString(), cluster.logLocation());
            assertTrue(Files.isDirectory(directory.nodeData(1)));
        } finally {
            cluster.close();
        }
        assertFalse(Files.exists(directory.root()), "disposable directory left behind");
        assertTrue(configs.stream().allMatch(config -> PortProbe.isFree(config.listen())),
                "a node still listens near port " + basePort);
    }

    @Test
    void aTakenPortFailsTheStartWithTheFlagToMoveThePortsAndLeavesNothing() throws Exception {
        // Proves the start-up every command shares: a port in use is one message naming the
        // node, the port and --base-port, and a disposable directory goes with the failure.
        ClusterDirectory directory = ClusterDirectory.disposable("raftdeck-in-process-test-");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<NodeConfig> configs = DemoNodes.configs(List.of(
                    TestCluster.freePorts(1).get(0), taken.getLocalPort()), directory);
            StartupException failure = assertThrows(StartupException.class,
                    () -> LocalCluster.inThisJvm(configs, directory));
            assertEquals("node 2: port " + taken.getLocalPort() + " is already in use"
                    + PortHint.HINT, failure.getMessage());
            assertTrue(PortProbe.isFree(configs.get(0).listen()), "node 1 was left running");
        }
        assertFalse(Files.exists(directory.root()), "disposable directory left behind");
    }
}
