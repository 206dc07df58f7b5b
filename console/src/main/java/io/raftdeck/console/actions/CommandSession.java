package io.raftdeck.console.actions;

import io.grpc.Status;
import io.raftdeck.proto.v1.SessionRef;
import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * The dashboard's client session: one random client id per dashboard and a sequence number per
 * command, 1, 2, 3, ... A command keeps its number while it is tried on one node after another,
 * so the cluster applies it once however many nodes it reached. The commands of a burst take
 * consecutive numbers and are in flight together; the cluster keeps results for more of them
 * than a burst holds.
 */
final class CommandSession {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LongSupplier newClientId;
    private long clientId;
    private long lastSequence;

    CommandSession(LongSupplier newClientId) {
        this.newClientId = newClientId;
        this.clientId = nonZero(newClientId);
    }

    /** A session with a client id from a secure random source. */
    static CommandSession random() {
        return new CommandSession(RANDOM::nextLong);
    }

    /** The session reference for the next command. */
    synchronized SessionRef next() {
        lastSequence++;
        return SessionRef.newBuilder().setClientId(clientId).setSequence(lastSequence).build();
    }

    /**
     * Starts a new session when {@code failure} says the cluster forgot this one (it expired
     * after a long idle, or was evicted). The refused command did not apply; later commands go
     * under the new session. Returns whether it renewed.
     */
    synchronized boolean renewIfForgotten(Throwable failure) {
        Status status = Status.fromThrowable(failure);
        boolean forgotten = status.getCode() == Status.Code.FAILED_PRECONDITION
                && status.getDescription() != null && status.getDescription().contains("expired");
        if (forgotten) {
            clientId = nonZero(newClientId);
            lastSequence = 0;
        }
        return forgotten;
    }

    /** Client id 0 means "no session" on the wire. */
    private static long nonZero(LongSupplier source) {
        long id = 0;
        while (id == 0) {
            id = source.getAsLong();
        }
        return id;
    }
}
