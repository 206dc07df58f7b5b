package io.raftdeck.statemachine;

/**
 * Names one client request for exactly-once application (Raft thesis §6.3): the client's
 * session and the request's number within it. A client numbers its requests 1, 2, 3, ... and
 * sends a retry with the number of the request it repeats.
 *
 * @param clientId any 64-bit value except 0 (0 means "no session" on the wire); clients pick
 *                 it at random, so two clients collide with negligible probability
 * @param sequence 1 or more
 */
public record ClientRequestId(long clientId, long sequence) {

    public ClientRequestId {
        if (clientId == 0) {
            throw new IllegalArgumentException("client id must not be 0 (0 means no session)");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be 1 or more, was "
                    + Long.toUnsignedString(sequence));
        }
    }

    @Override
    public String toString() {
        return "client " + Long.toHexString(clientId) + " #" + sequence;
    }
}
