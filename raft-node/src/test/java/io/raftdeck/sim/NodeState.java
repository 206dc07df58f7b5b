package io.raftdeck.sim;

import io.raftdeck.core.HardState;
import io.raftdeck.core.RaftStatus;
import io.raftdeck.core.Role;
import io.raftdeck.core.events.MessageText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a transcript shows of one node: the fields of the Raft paper's Figure 2 a learner
 * follows (role, currentTerm, votedFor, the last log entry, commitIndex, lastApplied). A
 * crashed node shows what its disk holds. Written in full by {@code status} and, after every
 * step, as the fields that changed.
 */
record NodeState(int id, boolean up, Role role, long term, int votedFor, long lastIndex,
                 long lastTerm, long commitIndex, long lastApplied) {

    static NodeState of(SimNode node) {
        if (node.isUp()) {
            RaftStatus status = node.core.status();
            return new NodeState(node.id, true, status.role(), status.term(), status.votedFor(),
                    status.lastLogIndex(), status.lastLogTerm(), status.commitIndex(),
                    status.lastApplied());
        }
        HardState hardState = node.disk.hardState;
        long last = node.disk.lastIndex();
        return new NodeState(node.id, false, null, hardState.term(), hardState.votedFor(), last,
                last == 0 ? 0 : node.disk.term(last), hardState.commitIndex(), 0);
    }

    /** Every field, aligned: {@code 1 leader  term 2  vote 1  last 3/2  commit 3  applied 3}. */
    String statusLine() {
        String fields = "term " + term + "  vote " + vote() + "  last "
                + MessageText.position(lastIndex, lastTerm) + "  commit " + commitIndex;
        if (!up) {
            return id + " down (disk)    " + fields;
        }
        return String.format(Locale.ROOT, "%d %-13s  %s  applied %d", id, roleName(), fields,
                lastApplied);
    }

    /**
     * The fields that differ from {@code before}, new values only: {@code candidate, term 2,
     * vote 1}; "down" for a crash, the whole line for a restart; empty when nothing changed.
     */
    String changesFrom(NodeState before) {
        if (!up) {
            return before.up ? "down" : "";
        }
        if (!before.up) {
            return roleName() + ", term " + term + ", vote " + vote() + ", last "
                    + MessageText.position(lastIndex, lastTerm) + ", commit " + commitIndex
                    + ", applied " + lastApplied;
        }
        List<String> changes = new ArrayList<>();
        if (role != before.role) {
            changes.add(roleName());
        }
        if (term != before.term) {
            changes.add("term " + term);
        }
        if (votedFor != before.votedFor) {
            changes.add("vote " + vote());
        }
        if (lastIndex != before.lastIndex || lastTerm != before.lastTerm) {
            changes.add("last " + MessageText.position(lastIndex, lastTerm));
        }
        if (commitIndex != before.commitIndex) {
            changes.add("commit " + commitIndex);
        }
        if (lastApplied != before.lastApplied) {
            changes.add("applied " + lastApplied);
        }
        return String.join(", ", changes);
    }

    private String vote() {
        return votedFor == HardState.NO_VOTE ? "-" : Integer.toString(votedFor);
    }

    private String roleName() {
        return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
