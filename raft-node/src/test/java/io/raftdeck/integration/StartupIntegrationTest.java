package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.RaftServer;
import io.raftdeck.node.StartupException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupIntegrationTest {

    @TempDir
    Path dataRoot;

    private static Map<Integer, NodeAddress> members(List<Integer> ports) {
        Map<Integer, NodeAddress> members = new TreeMap<>();
        for (int i = 0; i < ports.size(); i++) {
            members.put(i + 1, new NodeAddress("127.0.0.1", ports.get(i)));
        }
        return members;
    }

    private static String refusal(NodeConfig config) {
        StartupException e = assertThrows(StartupException.class, () -> RaftServer.start(config));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    /** The port is free again: nothing was left bound by a failed start. */
    private static void assertPortFree(int port) throws Exception {
        new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        // Proves a taken port gives "port N is already in use" and leaves the data dir reusable.
        List<Integer> ports = TestCluster.freePorts(3);
        NodeConfig config = NodeConfig.of(2, members(ports), dataRoot.resolve("n2"));
        try (ServerSocket taken = new ServerSocket(ports.get(1), 1,
                InetAddress.getLoopbackAddress())) {
            assertEquals("port " + ports.get(1) + " is already in use", refusal(config));
        }
        RaftServer.start(config).close(); // the failed start released the data dir lock
    }

    @Test
    void badMembershipIsRefused() throws Exception {
        // Proves an id missing from the members and two nodes on one address are refused.
        List<Integer> ports = TestCluster.freePorts(3);
        assertTrue(refusal(NodeConfig.of(4, members(ports), null)).contains("not among"));
        Map<Integer, NodeAddress> clash = members(ports);
        clash.put(3, clash.get(1));
        assertTrue(refusal(NodeConfig.of(1, clash, null)).contains("both use"));
        assertPortFree(ports.get(0));
    }

    @Test
    void aDataDirOfAnotherNodeIsRefused() throws Exception {
        // Proves a node will not start on a data dir that another node id claimed.
        List<Integer> ports = TestCluster.freePorts(3);
        Path shared = dataRoot.resolve("shared");
        RaftServer.start(NodeConfig.of(1, members(ports), shared)).close();
        String refusal = refusal(NodeConfig.of(2, members(ports), shared));
        assertTrue(refusal.contains("belongs to node 1"), refusal);
        assertPortFree(ports.get(1));
    }

    @Test
    void aDataDirInUseOrUnusableIsRefused() throws Exception {
        // Proves a second copy of a running node, or a file as data dir, is refused clearly.
        List<Integer> ports = TestCluster.freePorts(4);
        Path dir = dataRoot.resolve("n1");
        Map<Integer, NodeAddress> members = members(ports.subList(0, 3));
        try (RaftServer running = RaftServer.start(NodeConfig.of(1, members, dir))) {
            Map<Integer, NodeAddress> elsewhere = new TreeMap<>(members);
            elsewhere.put(1, new NodeAddress("127.0.0.1", ports.get(3)));
            String refusal = refusal(NodeConfig.of(1, elsewhere, dir));
            assertTrue(refusal.contains("in use by another running node"), refusal);
            assertPortFree(ports.get(3));
        }
        Path file = Files.writeString(dataRoot.resolve("not-a-dir"), "x");
        assertTrue(refusal(NodeConfig.of(1, members, file)).contains("not a directory"));
    }

    @Test
    void impossibleTimingIsRefused() throws Exception {
        // Proves an election timeout too close to the heartbeat is refused in milliseconds.
        NodeConfig defaults = NodeConfig.of(1, members(TestCluster.freePorts(1)), null);
        NodeConfig tooTight = new NodeConfig(1, defaults.members(), null, 10, 100, 150, 300,
                false, defaults.maxCommandBytes(), 1);
        assertTrue(refusal(tooTight).contains("more than twice the heartbeat (100 ms)"));
    }
}
