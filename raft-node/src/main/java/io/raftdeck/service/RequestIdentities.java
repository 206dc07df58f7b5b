package io.raftdeck.service;

import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.StampedCommand;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives every write an identity from the moment it enters the cluster, before it is proposed
 * or forwarded, so that the leader's retry cache can tell a retry from a new request on every
 * path: a v1 request with a session keeps its (client id, sequence); one without (a seed
 * ClientRequest, a v1 call without a session) gets one from the node that received it; a
 * request that node forwarded keeps the identity the forwarder gave it. The gRPC services call
 * it on the handler thread, where the forwarded identity is in the call's context; the
 * simulator hands that identity in itself.
 */
public final class RequestIdentities {

    /** This node's client id for this run: random, so a restart never reuses a number. */
    private final long clientId;
    private final AtomicLong lastSequence = new AtomicLong();

    /** @param clientId not 0; production draws it with {@link #random()} */
    public RequestIdentities(long clientId) {
        if (clientId == 0) {
            throw new IllegalArgumentException("client id 0 means no identity");
        }
        this.clientId = clientId;
    }

    /** Identities under a client id from a secure random source. */
    public static RequestIdentities random() {
        SecureRandom random = new SecureRandom();
        long clientId = 0;
        while (clientId == 0) {
            clientId = random.nextLong();
        }
        return new RequestIdentities(clientId);
    }

    /**
     * {@code command} stamped with the request's session, or with the node-given identity
     * when it has none (client id 0). The stamp adds {@link StampedCommand#HEADER_BYTES} to a
     * command already checked against the limit: the limit is on what the client sends.
     *
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a malformed session
     */
    StampedCommand stamp(byte[] command, SessionRef session) {
        if (session.getClientId() == 0) {
            return stamp(command);
        }
        return stamp(command, session, Optional.empty());
    }

    /**
     * As {@link #stamp(byte[], SessionRef)} for a request that came with
     * {@code forwardedIdentity}, the identity the forwarding node gave it (empty when it came
     * from a client or carries a session).
     *
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a malformed session
     */
    public StampedCommand stamp(byte[] command, SessionRef session,
                                Optional<ClientRequestId> forwardedIdentity) {
        if (session.getClientId() == 0) {
            return StampedCommand.ofReceivingNode(forwardedIdentity.orElseGet(this::next),
                    command);
        }
        if (session.getSequence() == 0) {
            throw CommandLimits.invalid("session sequence must be 1 or more (client id "
                    + Long.toUnsignedString(session.getClientId()) + ")");
        }
        if (session.getSequence() < 0) {
            throw CommandLimits.invalid("session sequence "
                    + Long.toUnsignedString(session.getSequence())
                    + " is too large; the limit is " + Long.MAX_VALUE);
        }
        return StampedCommand.ofSession(new ClientRequestId(session.getClientId(),
                session.getSequence()), command);
    }

    /**
     * {@code command}, a request without a session, stamped with the identity the node that
     * forwarded it here gave it, or with a new one of this node's.
     *
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT for a malformed forwarded identity
     */
    StampedCommand stamp(byte[] command) {
        Optional<ClientRequestId> forwarded;
        try {
            forwarded = Forwarding.requestId();
        } catch (IllegalArgumentException malformed) {
            throw CommandLimits.invalid(malformed.getMessage());
        }
        return stamp(command, SessionRef.getDefaultInstance(), forwarded);
    }

    private ClientRequestId next() {
        return new ClientRequestId(clientId, lastSequence.incrementAndGet());
    }
}
