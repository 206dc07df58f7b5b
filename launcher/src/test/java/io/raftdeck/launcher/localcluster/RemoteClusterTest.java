package io.raftdeck.launcher.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftdeck.console.NodeTarget;
import io.raftdeck.node.NodeAddress;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A cluster given by address: the same handle, with every process fault refused by name. */
class RemoteClusterTest {

    private static final NodeAddress FIRST = new NodeAddress("10.0.0.7", 7001);
    private static final NodeAddress THIRD = new NodeAddress("10.0.0.9", 7001);

    @Test
    void itOffersNoProcessFaultAndEachOneSaysWhyIfCalled() {
        // Proves the commands' check (canKill, canPause) says no, and that a call made anyway
        // fails naming the operation and the reason instead of doing nothing.
        RemoteCluster cluster = new RemoteCluster(members());
        assertFalse(cluster.canKill());
        assertFalse(cluster.canPause());
        assertRefused("kill", () -> cluster.kill(1));
        assertRefused("restart", () -> cluster.restart(1));
        assertRefused("pause", () -> cluster.pause(3));
        assertRefused("resume", () -> cluster.resume(3));
        assertEquals("none (not our processes)", cluster.killMethod());
        cluster.close(); // stops nothing, and may be called again
        cluster.close();
    }

    @Test
    void itDescribesAndShowsTheMembersByTheIdsTheyGave() {
        // Proves members keep the ids the nodes named (not the order given), the report line
        // lists them, and the dashboard's targets follow the same ids.
        RemoteCluster cluster = new RemoteCluster(members());
        assertEquals("2 nodes of a running cluster: {1=10.0.0.7:7001, 3=10.0.0.9:7001}",
                cluster.description());
        assertEquals(List.of(new NodeTarget(1, "10.0.0.7", 7001),
                new NodeTarget(3, "10.0.0.9", 7001)), cluster.targets());
    }

    private static SortedMap<Integer, NodeAddress> members() {
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        members.put(3, THIRD);
        members.put(1, FIRST);
        return members;
    }

    private static void assertRefused(String operation, Executable call) {
        UnsupportedOperationException refused = assertThrows(
                UnsupportedOperationException.class, call);
        assertEquals(operation + " " + RemoteCluster.NOT_OURS, refused.getMessage());
    }
}
