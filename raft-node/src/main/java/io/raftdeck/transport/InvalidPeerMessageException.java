package io.raftdeck.transport;

/** A peer message that cannot be a valid Raft message; the one-line message says why. */
public final class InvalidPeerMessageException extends Exception {

    public InvalidPeerMessageException(String message) {
        super(message);
    }
}
