package io.raftdeck.transport;

import io.raftdeck.core.Message;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * Sends core messages to peers over gRPC. Called by the node's event loop, so {@link #send}
 * never blocks and never throws: a message that cannot go out now (queue full, peer down, link
 * cut) is dropped, which Raft tolerates by design.
 */
public final class PeerTransport implements AutoCloseable {

    /** Per-peer bound on messages waiting for the network. */
    public static final int DEFAULT_QUEUE_CAPACITY = 1024;

    private static final System.Logger LOGGER = System.getLogger(PeerTransport.class.getName());

    private final int selfId;
    private final LinkFilter filter;
    private final Map<Integer, PeerLink> links = new TreeMap<>();
    private final RateLimitedLog log = new RateLimitedLog(LOGGER, 10_000);
    private volatile boolean closed;

    /**
     * @param selfId   this node's id; it never gets a link of its own
     * @param peers    ids of the members to link to (this node's id is skipped)
     * @param channels one channel per peer
     * @param filter   the fault filter consulted before a message is queued
     */
    public PeerTransport(int selfId, Iterable<Integer> peers, PeerChannels channels,
                         LinkFilter filter, int queueCapacity) {
        this(selfId, peers, channels, filter, queueCapacity, peer -> { });
    }

    /**
     * @param onLost told, from a transport thread, when an established stream to a peer
     *               breaks (its process may have died); must not block
     */
    public PeerTransport(int selfId, Iterable<Integer> peers, PeerChannels channels,
                         LinkFilter filter, int queueCapacity, IntConsumer onLost) {
        this(selfId, peers, channels, filter, queueCapacity, onLost, new IdentityRefusals(),
                null);
    }

    /**
     * @param refusals where a peer that refuses this node's identity is noted, for status
     * @param gossip   tells each peer the incarnations this node knows; null for none
     */
    public PeerTransport(int selfId, Iterable<Integer> peers, PeerChannels channels,
                         LinkFilter filter, int queueCapacity, IntConsumer onLost,
                         IdentityRefusals refusals, IncarnationGossip gossip) {
        this.selfId = selfId;
        this.filter = filter;
        for (int peer : peers) {
            if (peer != selfId) {
                links.put(peer, new PeerLink(selfId, peer, channels, queueCapacity, log,
                        onLost, refusals, gossip));
            }
        }
    }

    /** Sends each message to its target, in order per target. */
    public void send(List<Message> messages) {
        for (Message message : messages) {
            send(message);
        }
    }

    public void send(Message message) {
        if (closed || !filter.allows(message.to())) {
            return;
        }
        PeerLink link = links.get(message.to());
        if (link == null) {
            log.log(Level.WARNING, "unknown-target", () -> "node " + selfId
                    + " dropped a message to node " + message.to() + ", which is not a peer");
            return;
        }
        try {
            if (message instanceof Message.InstallSnapshot install) {
                link.sendSnapshot(install);
            } else {
                link.enqueue(MessageCodec.encode(message));
            }
        } catch (RuntimeException e) {
            // A bug must not take the event loop down with it; it is logged and counted out.
            log.log(Level.ERROR, "send-failure", () -> "could not send " + message + ": " + e);
        }
    }

    /** Messages dropped because a peer's queue was full, over all peers. */
    public long droppedMessages() {
        return links.values().stream().mapToLong(PeerLink::dropped).sum();
    }

    @Override
    public void close() {
        closed = true;
        links.values().forEach(PeerLink::close);
    }
}
