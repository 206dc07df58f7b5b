package io.raftdeck.transport;

import static io.raftdeck.core.Messages.appendRequest;
import static io.raftdeck.core.Messages.timeoutNow;
import static io.raftdeck.core.Messages.voteRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PeerMessageReceiverTest {

    private final List<Message> delivered = new ArrayList<>();
    private final LinkFilter filter = new LinkFilter();
    private final PeerMessageReceiver receiver =
            new PeerMessageReceiver(2, Set.of(1, 2, 3), filter, delivered::add);

    @Test
    void membersMessagesReachTheNode() throws Exception {
        // Proves a valid message from a member addressed to this node is delivered unchanged.
        Message vote = voteRequest().from(1).to(2).term(3).build();
        assertTrue(receiver.receive(MessageCodec.encode(vote)));
        assertEquals(List.of(vote), delivered);
    }

    @Test
    void strangersAndMisaddressedMessagesAreRejected() {
        // Proves messages from ids outside the configuration, or for another node, are refused.
        assertThrows(InvalidPeerMessageException.class, () -> receiver.receive(
                MessageCodec.encode(timeoutNow().from(9).to(2).term(3).build())));
        assertThrows(InvalidPeerMessageException.class, () -> receiver.receive(
                MessageCodec.encode(timeoutNow().from(1).to(3).term(3).build())));
        assertTrue(delivered.isEmpty());
    }

    @Test
    void cutLinksDropIncomingMessages() throws Exception {
        // Proves a message from a cut peer is dropped, and flows again once the link heals.
        filter.setCut(Set.of(1));
        Message heartbeat = appendRequest().from(1).to(2).term(3).build();
        assertFalse(receiver.receive(MessageCodec.encode(heartbeat)));
        assertTrue(delivered.isEmpty());
        filter.setCut(Set.of());
        assertTrue(receiver.receive(MessageCodec.encode(heartbeat)));
        assertEquals(1, delivered.size());
    }
}
