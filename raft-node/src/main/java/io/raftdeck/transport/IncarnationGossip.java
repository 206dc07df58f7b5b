package io.raftdeck.transport;

import io.raftdeck.proto.v1.KnownIncarnation;
import io.raftdeck.proto.v1.PeerMessage;
import io.raftdeck.storage.Incarnation;
import io.raftdeck.storage.PeerIncarnations;
import io.raftdeck.storage.StorageException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Peers telling each other the incarnations they know. While a leader leads, followers only
 * talk to it, so without this a follower never learns the incarnation of another follower,
 * and would take that follower, back on an emptied data dir, for the member it was: with the
 * vote of such a node, a follower that lacks a committed entry could be elected once the
 * leader is gone. The leader hears from every member, so what it knows reaches everyone.
 * Told on the first message of every stream and again whenever the sender learned more; a
 * member the receiver already knows keeps its own record.
 */
public final class IncarnationGossip {

    private final int selfId;
    private final Set<Integer> members;
    private final PeerIncarnations known;
    private final Consumer<String> failStop;

    /**
     * @param failStop told when what a peer told cannot be recorded (see
     *                 {@link IncarnationCheck})
     */
    public IncarnationGossip(int selfId, Set<Integer> members, PeerIncarnations known,
                             Consumer<String> failStop) {
        this.selfId = selfId;
        this.members = Set.copyOf(members);
        this.known = known;
        this.failStop = failStop;
    }

    /** What this node knows has changed since a sender saw {@code version}, if greater. */
    long version() {
        return known.version();
    }

    /** {@code message} telling what this node knows. */
    PeerMessage attachedTo(PeerMessage message) {
        PeerMessage.Builder told = message.toBuilder().clearKnownIncarnations();
        known.all().forEach((member, incarnation) -> told.addKnownIncarnations(
                KnownIncarnation.newBuilder().setMember(member)
                        .setIncarnation(incarnation.value())));
        return told.build();
    }

    /**
     * Records what {@code message} tells, if anything, about the other members; what it says
     * of this node or of ids outside the configuration is ignored.
     */
    public void learnFrom(PeerMessage message) {
        if (message.getKnownIncarnationsCount() == 0) {
            return;
        }
        Map<Integer, Incarnation> told = new TreeMap<>();
        for (KnownIncarnation entry : message.getKnownIncarnationsList()) {
            if (entry.getIncarnation() != 0 && entry.getMember() != selfId
                    && members.contains(entry.getMember())) {
                told.put(entry.getMember(), new Incarnation(entry.getIncarnation()));
            }
        }
        try {
            known.learn(told);
        } catch (StorageException e) {
            failStop.accept(e.getMessage());
        }
    }
}
