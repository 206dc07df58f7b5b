package io.raftdeck.console.views;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.NodeState;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.Role;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One row per node: id, address, network state, role, term, vote, leader, commit, applied,
 * last index and the election timer. A node that does not answer shows why instead of numbers.
 */
final class NodeTable {

    private NodeTable() {
    }

    static void draw(TextGraphics graphics, int headerRow, ClusterView view) {
        TableColumns columns = TableColumns.of(graphics.getSize().getColumns(), view.nodes());
        drawHeader(graphics, headerRow, columns);
        for (int index = 0; index < view.nodes().size(); index++) {
            drawRow(graphics, headerRow + 1 + index, columns, view.nodes().get(index),
                    index == view.selected());
        }
    }

    private static void drawHeader(TextGraphics graphics, int row, TableColumns columns) {
        Pen pen = new Pen(graphics, row).bold();
        pen.put(columns.id(), "ID");
        String address = columns.addressWidth() >= "ADDRESS".length() ? "ADDRESS" : "ADDR";
        pen.put(columns.address(), Text.fit(address, columns.addressWidth()));
        pen.put(columns.net(), "NET");
        pen.put(columns.role(), "ROLE");
        pen.put(columns.term(), Text.right("TERM", 4));
        pen.put(columns.vote(), Text.right("VOTE", 4));
        pen.put(columns.leader(), Text.right("LDR", 3));
        pen.put(columns.commit(), Text.right("COMMIT", 6));
        pen.put(columns.applied(), Text.right("APPLIED", 7));
        pen.put(columns.last(), Text.right("LAST", 5));
        String timer = columns.timerWidth() >= "ELECTION TIMER".length()
                ? "ELECTION TIMER" : "TIMER";
        pen.put(columns.timer(), Text.fit(timer, columns.timerWidth()));
    }

    private static void drawRow(TextGraphics graphics, int row, TableColumns columns,
            NodeView node, boolean selected) {
        Pen pen = new Pen(graphics, row);
        if (selected) {
            pen.bold().put(columns.marker(), ">").reverse();
        }
        pen.put(columns.id(), Text.right(String.valueOf(node.id()), 2)).plain();
        pen.put(columns.address(), Text.fit(
                TableColumns.shownAddress(node, columns.sharedHost()), columns.addressWidth()));
        pen.color(Palette.reachability(node.reachability()))
                .put(columns.net(), Text.fit(netWord(node), TableColumns.NET_WIDTH - 1));
        if (!node.answers()) {
            pen.color(Palette.reachability(node.reachability()))
                    .put(columns.role(), Text.clip(absenceText(node),
                            graphics.getSize().getColumns() - columns.role()));
            return;
        }
        drawNumbers(pen, columns, node.state());
    }

    private static void drawNumbers(Pen pen, TableColumns columns, NodeState state) {
        Role role = state.role();
        pen.color(Palette.role(role));
        if (role == Role.LEADER || role == Role.CANDIDATE || role == Role.STOPPED) {
            pen.bold();
        }
        pen.put(columns.role(), Text.fit(roleWord(role), TableColumns.ROLE_WIDTH - 1)).plain();
        pen.put(columns.term(), Text.right(String.valueOf(state.term()), 4));
        pen.put(columns.vote(), Text.right(idOrDash(state.votedFor()), 4));
        pen.put(columns.leader(), Text.right(idOrDash(state.leaderId()), 3));
        pen.put(columns.commit(), Text.right(String.valueOf(state.commitIndex()), 6));
        pen.put(columns.applied(), Text.right(String.valueOf(state.lastApplied()), 7));
        pen.put(columns.last(), Text.right(String.valueOf(state.lastLogIndex()), 5));
        TimerBar.draw(pen, columns.timer(), columns.timerWidth(), state);
    }

    /** The role as a word; case and spelling tell the roles apart without colour. */
    static String roleWord(Role role) {
        return switch (role) {
            case LEADER -> "LEADER";
            case CANDIDATE -> "CANDIDATE";
            case PRE_CANDIDATE -> "PRE-VOTE";
            case FOLLOWER -> "follower";
            case STOPPED -> "STOPPED";
            case UNKNOWN -> "?";
        };
    }

    static String netWord(NodeView node) {
        return switch (node.reachability()) {
            case UP -> node.state().cutLinks().isEmpty()
                    ? "ok" : "cut " + joined(node.state().cutLinks());
            case ISOLATED -> "ISOLATED";
            case DOWN -> "DOWN";
            case UNREACHABLE -> "UNREACHABLE";
            case WAITING -> "waiting";
        };
    }

    private static String absenceText(NodeView node) {
        return switch (node.reachability()) {
            case DOWN -> "no status: killed from the dashboard (r restarts it)";
            case UNREACHABLE -> "no status: " + node.problem();
            case WAITING -> "asking for its first status...";
            case UP, ISOLATED -> throw new IllegalStateException(
                    node.reachability() + " node without numbers");
        };
    }

    private static String idOrDash(int id) {
        return id == 0 ? "-" : String.valueOf(id);
    }

    private static String joined(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
