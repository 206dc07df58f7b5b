package io.raftdeck.core.events;

import io.raftdeck.core.Role;

/**
 * The node's role, term or known leader changed. {@code cause} says which rule moved it and
 * {@code peer} the node that caused it (0 for none): a message of a newer term from it, the
 * votes it gave, a TimeoutNow it sent.
 */
public record RoleChanged(Role fromRole, Role role, long fromTerm, long term, int leader,
                          String cause, int peer) implements RaftEvent {

    @Override
    public String kind() {
        return "role";
    }

    @Override
    public String describe(int node) {
        String what;
        if (role == Role.LEADER) {
            what = "node " + node + " is leader of term " + term;
        } else if (role == fromRole && role == Role.FOLLOWER && leader != 0) {
            what = "node " + node + " follows leader " + leader + " in term " + term;
        } else if (role == fromRole) {
            what = "node " + node + " " + name(role) + " in term " + term
                    + (role == Role.FOLLOWER ? ", no leader" : "");
        } else {
            what = "node " + node + " " + name(fromRole) + " → " + name(role) + " in term "
                    + term + (leader != 0 && role == Role.FOLLOWER ? " (leader " + leader + ")"
                    : "");
        }
        String by = peer == 0 ? "" : " " + peer;
        return what + (fromTerm != term && role != Role.PRE_CANDIDATE
                ? " (was term " + fromTerm + ")" : "") + ": " + cause + by;
    }

    private static String name(Role role) {
        return role.name().toLowerCase().replace('_', '-');
    }
}
