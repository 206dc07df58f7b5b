package io.raftdeck.core.events;

/**
 * A client's request at this node: {@code stage} received, forwarded (to the leader
 * {@code peer}) or answered ({@code outcome}: ok with its entry, or the failure's reason).
 */
public record ClientRequestEvent(Stage stage, String operation, int peer, String outcome)
        implements RaftEvent {

    /** Where the request is in its way through the node. */
    public enum Stage { RECEIVED, FORWARDED, ANSWERED }

    @Override
    public String kind() {
        return "client";
    }

    @Override
    public String describe(int node) {
        return switch (stage) {
            case RECEIVED -> "node " + node + " received " + operation;
            case FORWARDED -> "node " + node + " forwarded " + operation + " to leader "
                    + peer;
            case ANSWERED -> "node " + node + " answered " + operation + ": " + outcome;
        };
    }
}
