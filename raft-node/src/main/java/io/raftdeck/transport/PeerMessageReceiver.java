package io.raftdeck.transport;

import io.raftdeck.core.Message;
import io.raftdeck.proto.v1.PeerMessage;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The incoming half of the transport: checks a peer message (well formed, from a member of this
 * configuration, addressed to this node) and hands it to the node, unless the fault filter has
 * cut the sender's link. Rejections are logged once per sender per interval, not per message.
 * Snapshot chunks are assembled here ({@link SnapshotAssembler}); the node only ever sees a
 * whole snapshot whose checksum matched.
 */
public final class PeerMessageReceiver {

    private static final System.Logger LOGGER =
            System.getLogger(PeerMessageReceiver.class.getName());
    private static final long LOG_INTERVAL_MS = 10_000;

    private final int selfId;
    private final SortedSet<Integer> members;
    private final LinkFilter filter;
    private final Consumer<Message> node;
    private final RateLimitedLog log = new RateLimitedLog(LOGGER, LOG_INTERVAL_MS);
    private final SnapshotAssembler snapshots = new SnapshotAssembler();

    /**
     * @param node takes accepted messages; must not block (the node's inbox offers and drops)
     */
    public PeerMessageReceiver(int selfId, Set<Integer> members, LinkFilter filter,
                               Consumer<Message> node) {
        this.selfId = selfId;
        this.members = new TreeSet<>(members);
        this.filter = filter;
        this.node = node;
    }

    /**
     * Delivers {@code wire} to the node.
     *
     * @return false when the message was dropped because its link is cut
     * @throws InvalidPeerMessageException when the message is malformed, comes from a node
     *                                     outside the configuration or is meant for another node
     */
    public boolean receive(PeerMessage wire) throws InvalidPeerMessageException {
        return receive(wire, null);
    }

    /**
     * Delivers {@code wire}, which came on a call that {@link IncarnationCheck} admitted for
     * {@code sender} (null when the call showed no identity): a message claiming another
     * sender is rejected, so one member's admission cannot carry another's messages.
     *
     * @return false when the message was dropped because its link is cut
     * @throws InvalidPeerMessageException as {@link #receive(PeerMessage)}, and when the
     *                                     message is not from {@code sender}
     */
    public boolean receive(PeerMessage wire, Integer sender) throws InvalidPeerMessageException {
        if (sender != null && wire.getFrom() != sender) {
            throw logged(wire, new InvalidPeerMessageException("it came on node " + sender
                    + "'s call"));
        }
        if (wire.getBodyCase() == PeerMessage.BodyCase.INSTALL_SNAPSHOT) {
            return receiveSnapshotChunk(wire);
        }
        Message message;
        try {
            message = MessageCodec.decode(wire);
            checkAddress(message.from(), message.to());
        } catch (InvalidPeerMessageException e) {
            throw logged(wire, e);
        }
        if (!filter.allows(message.from())) {
            return false;
        }
        node.accept(message);
        return true;
    }

    /** A chunk joins its snapshot; the node gets the snapshot once it is whole and sound. */
    private boolean receiveSnapshotChunk(PeerMessage wire) throws InvalidPeerMessageException {
        SnapshotChunk chunk;
        try {
            chunk = MessageCodec.decodeSnapshotChunk(wire);
            checkAddress(chunk.from(), chunk.to());
        } catch (InvalidPeerMessageException e) {
            throw logged(wire, e);
        }
        if (!filter.allows(chunk.from())) {
            return false;
        }
        Optional<Message.InstallSnapshot> whole;
        try {
            whole = snapshots.accept(chunk);
        } catch (InvalidPeerMessageException e) {
            throw logged(wire, e);
        }
        whole.ifPresent(node);
        return true;
    }

    private void checkAddress(int from, int to) throws InvalidPeerMessageException {
        if (!members.contains(from)) {
            throw new InvalidPeerMessageException("node " + from
                    + " is not in this node's configuration " + members);
        }
        if (to != selfId) {
            throw new InvalidPeerMessageException("message for node " + to + " reached node "
                    + selfId);
        }
    }

    private InvalidPeerMessageException logged(PeerMessage wire, InvalidPeerMessageException e) {
        log.log(Level.WARNING, wire.getFrom(), () -> "node " + selfId
                + " rejected a message claiming to be from node " + wire.getFrom() + ": "
                + e.getMessage());
        return e;
    }
}
