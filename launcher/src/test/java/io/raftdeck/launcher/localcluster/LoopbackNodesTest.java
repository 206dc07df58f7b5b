package io.raftdeck.launcher.localcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftdeck.node.NodeAddress;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LoopbackNodesTest {

    @Test
    void whereIsARangeOnlyForOneHostsConsecutivePorts() {
        // Proves the short form the commands print is used exactly when it is true.
        assertEquals("127.0.0.1:5001..5005", LoopbackNodes.where(LoopbackNodes.members(5001,
                5)));
        assertEquals("127.0.0.1:5001..5001", LoopbackNodes.where(LoopbackNodes.members(5001,
                1)));
        SortedMap<Integer, NodeAddress> gap = new TreeMap<>(LoopbackNodes.members(5001, 2));
        gap.put(3, new NodeAddress("127.0.0.1", 5004));
        assertEquals("[127.0.0.1:5001, 127.0.0.1:5002, 127.0.0.1:5004]",
                LoopbackNodes.where(gap));
        SortedMap<Integer, NodeAddress> hosts = new TreeMap<>(LoopbackNodes.members(5001, 1));
        hosts.put(2, new NodeAddress("127.0.0.2", 5002));
        assertEquals("[127.0.0.1:5001, 127.0.0.2:5002]", LoopbackNodes.where(hosts));
    }
}
