package io.raftdeck.transport;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.raftdeck.storage.Incarnation;
import io.raftdeck.storage.PeerIncarnations;
import io.raftdeck.storage.StorageException;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The peer service's guard against a member that lost its data. A node whose data directory
 * was emptied or replaced comes back with a new {@link Incarnation}; it may have voted in a
 * term and forgotten it, or acknowledged entries that counted for a commit and lost them, so
 * letting it count as that member again could give a term two leaders or lose a committed
 * entry. Its calls end FAILED_PRECONDITION, with {@link #REFUSED} in the trailers so that it
 * can say why, before the node sees a message; it is let in again only as a new member
 * (membership changes). The first incarnation a member shows is recorded
 * ({@link PeerIncarnations}); a call showing none (an older raftdeck) passes unchecked.
 * A call that passes carries its sender in {@link #SENDER}: every message on it must be from
 * that member.
 */
public final class IncarnationCheck implements ServerInterceptor {

    /** The member a checked call speaks for; absent when the call showed no identity. */
    public static final Context.Key<Integer> SENDER = Context.key("raftdeck-peer-sender");
    static final Metadata.Key<String> REFUSED =
            Metadata.Key.of("raftdeck-refused", Metadata.ASCII_STRING_MARSHALLER);

    private static final System.Logger LOGGER =
            System.getLogger(IncarnationCheck.class.getName());
    private static final long LOG_EVERY_MS = 60_000;

    private final int selfId;
    private final Set<Integer> members;
    private final PeerIncarnations known;
    private final IdentityRefusals refusals;
    private final Consumer<String> failStop;
    private final RateLimitedLog log = new RateLimitedLog(LOGGER, LOG_EVERY_MS);

    /**
     * @param failStop told when the first incarnation of a member cannot be recorded: the node
     *                 can no longer tell that member's data from another's
     */
    public IncarnationCheck(int selfId, Set<Integer> members, PeerIncarnations known,
                            IdentityRefusals refusals, Consumer<String> failStop) {
        this.selfId = selfId;
        this.members = new TreeSet<>(members);
        this.known = known;
        this.refusals = refusals;
        this.failStop = failStop;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        Optional<PeerIdentity> shown;
        try {
            shown = PeerIdentity.shownIn(headers);
        } catch (IllegalArgumentException e) {
            return refuse(call, Status.INVALID_ARGUMENT.withDescription(e.getMessage()), null);
        }
        if (shown.isEmpty()) {
            return next.startCall(call, headers);
        }
        PeerIdentity identity = shown.get();
        int member = identity.member();
        if (member == selfId || !members.contains(member)) {
            return refuse(call, Status.INVALID_ARGUMENT.withDescription("node " + member
                    + " is not a peer of node " + selfId + " (members " + members + ")"), null);
        }
        Incarnation recorded;
        try {
            recorded = known.admit(member, identity.incarnation());
        } catch (StorageException e) {
            failStop.accept(e.getMessage());
            return refuse(call, Status.UNAVAILABLE.withDescription("node " + selfId
                    + " cannot record its peers: " + e.getMessage()), null);
        }
        if (!recorded.equals(identity.incarnation())) {
            refusals.refusedMember(member);
            String reason = "node " + selfId + " refuses node " + member + ": its data"
                    + " directory is not the one node " + selfId + " knew (incarnation "
                    + identity.incarnation() + ", known " + recorded + "). A node whose data"
                    + " was emptied or replaced may have lost votes and acknowledged entries,"
                    + " so it cannot count as that member again (the others carry on without"
                    + " it; see 'A node that lost its data' in the README)";
            log.log(Level.WARNING, member, () -> reason);
            return refuse(call, Status.FAILED_PRECONDITION.withDescription(reason), reason);
        }
        Context context = Context.current().withValue(SENDER, member);
        return Contexts.interceptCall(context, call, headers, next);
    }

    /** Whether a failed call to a peer was refused by its incarnation check. */
    static boolean isRefusal(Metadata trailers) {
        return trailers != null && trailers.containsKey(REFUSED);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status,
                                                       String refusal) {
        Metadata trailers = new Metadata();
        if (refusal != null) {
            trailers.put(REFUSED, "incarnation");
        }
        call.close(status, trailers);
        return new ServerCall.Listener<>() {
        };
    }
}
