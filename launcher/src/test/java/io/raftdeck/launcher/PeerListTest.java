package io.raftdeck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftdeck.node.NodeAddress;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class PeerListTest {

    private static final NodeAddress LISTEN = NodeAddress.parse("127.0.0.1:5003");

    @Test
    void peersAndThisNodeMakeTheMembership() {
        // Proves the parsed membership is the peers plus this node at its --listen address.
        SortedMap<Integer, NodeAddress> members = PeerList.members(3, LISTEN,
                "1=127.0.0.1:5001, 2=127.0.0.1:5002,4=127.0.0.1:5004");
        assertEquals(Map.of(1, NodeAddress.parse("127.0.0.1:5001"),
                2, NodeAddress.parse("127.0.0.1:5002"), 3, LISTEN,
                4, NodeAddress.parse("127.0.0.1:5004")), members);
    }

    @Test
    void thisNodeMayBeListedWithItsOwnAddress() {
        // Proves the same --peers string can be used on every host, own entry included.
        SortedMap<Integer, NodeAddress> members = PeerList.members(3, LISTEN,
                "1=127.0.0.1:5001,3=127.0.0.1:5003");
        assertEquals(2, members.size());
        assertEquals(LISTEN, members.get(3));
    }

    @Test
    void noPeersIsAOneNodeCluster() {
        // Proves an absent --peers yields a membership of this node alone.
        assertEquals(Map.of(3, LISTEN), PeerList.members(3, LISTEN, null));
    }

    @Test
    void thisNodeWithAnotherAddressIsRejected() {
        // Proves a peer list that contradicts --listen for this node's id is refused.
        assertRejected("--peers gives this node (id 3) address 127.0.0.1:5009 but --listen "
                + "is 127.0.0.1:5003", 3, "1=127.0.0.1:5001,3=127.0.0.1:5009");
    }

    @Test
    void duplicateIdIsRejected() {
        // Proves an id listed twice is refused instead of one entry silently winning.
        assertRejected("--peers lists id 2 twice", 3, "2=127.0.0.1:5002,2=127.0.0.1:5004");
    }

    @Test
    void sharedAddressIsRejected() {
        // Proves two ids on one address (including this node's) are refused.
        assertRejected("--peers gives address 127.0.0.1:5003 to both node 3 and node 2", 3,
                "2=127.0.0.1:5003");
    }

    @Test
    void twoNamesForOneEndpointAreRejected() {
        // Proves two peers written differently but resolving to one host and port (so one
        // process counted as two votes) are refused, naming both.
        assertRejected("--peers: node 2 at 127.0.0.1:6161 and node 4 at localhost:6161 are one"
                + " endpoint (both resolve to 127.0.0.1, port 6161)", 3,
                "2=127.0.0.1:6161,4=localhost:6161");
    }

    @Test
    void thisNodeUnderAnotherNameIsRejected() {
        // Proves a peer that is this node's --listen endpoint under another name is refused.
        assertRejected("--peers: node 2 at localhost:5003 and node 3 at 127.0.0.1:5003 are one"
                + " endpoint (both resolve to 127.0.0.1, port 5003)", 3, "2=localhost:5003");
    }

    @Test
    void aPeerWhoseHostDoesNotResolveIsKept() {
        // Proves an unresolvable peer host is not a start-up error: it may resolve later.
        SortedMap<Integer, NodeAddress> members = PeerList.members(3, LISTEN,
                "1=127.0.0.1:5001,2=nosuchhost.invalid:5002");
        assertEquals(NodeAddress.parse("nosuchhost.invalid:5002"), members.get(2));
    }

    @Test
    void malformedEntriesAreRejectedWithTheEntryNamed() {
        // Proves each kind of malformed entry is refused with a message naming it.
        assertRejected("--peers entry '127.0.0.1:5001' is not id=host:port", 3,
                "127.0.0.1:5001");
        assertRejected("--peers entry 'one=127.0.0.1:5001' has a non-numeric id", 3,
                "one=127.0.0.1:5001");
        assertRejected("--peers entry '0=127.0.0.1:5001': ids must be >= 1", 3,
                "0=127.0.0.1:5001");
        assertRejected("--peers entry '1=127.0.0.1': '127.0.0.1' is not host:port", 3,
                "1=127.0.0.1");
        assertRejected("--peers entry '' is not id=host:port", 3, "1=127.0.0.1:5001,");
    }

    @Test
    void idBelowOneIsRejected() {
        // Proves node ids start at 1, as the Raft core requires.
        assertRejected("--id must be >= 1, was 0", 0, "1=127.0.0.1:5001");
    }

    private static void assertRejected(String message, int id, String peers) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PeerList.members(id, LISTEN, peers));
        assertEquals(message, e.getMessage());
    }
}
