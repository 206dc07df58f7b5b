package io.raftdeck.statemachine;

/**
 * Who numbered a client request, which decides the rule that makes it apply once. Each has its
 * own stamp in the log ({@link StampedCommand}) and its own table in the state machine.
 */
public enum RequestOrigin {

    /**
     * The client, in its session (Raft thesis §6.3): {@link ClientSessions}' rules, which
     * hold for as long as the session lives.
     */
    SESSION((byte) 4),

    /**
     * The node that first received a request sent without a session (a seed ClientRequest, a
     * v1 call without one): {@link RecentRequests}, which remembers it for as long as the
     * nodes retry it.
     */
    RECEIVING_NODE((byte) 6);

    private final byte opCode;

    RequestOrigin(byte opCode) {
        this.opCode = opCode;
    }

    /** The op byte of this origin's stamp, after {@link KeyValueCommand#MAGIC}. */
    byte opCode() {
        return opCode;
    }

    /** The origin whose stamp has {@code opCode}, or null for none. */
    static RequestOrigin ofOpCode(byte opCode) {
        for (RequestOrigin origin : values()) {
            if (origin.opCode == opCode) {
                return origin;
            }
        }
        return null;
    }
}
