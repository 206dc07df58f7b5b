package io.raftdeck.console.views;

import io.raftdeck.console.model.NodeState;
import io.raftdeck.console.model.Role;

/**
 * A follower's election timer as a bar that empties as the timer runs down, with the
 * milliseconds left; when it is empty the node starts an election. A leader has no election
 * timer running, so it shows that it is sending heartbeats instead; a stopped node has none
 * either, and the place shows why it stopped. A node its peers refuse (it lost its data) has a
 * timer that can elect nobody, and the place says who refuses it.
 */
final class TimerBar {

    private static final int MAX_BAR_WIDTH = 30;
    private static final int LABEL_WIDTH = 6;

    private TimerBar() {
    }

    static void draw(Pen pen, int column, int width, NodeState state) {
        if (width < 3) {
            return;
        }
        if (state.role() == Role.LEADER) {
            pen.color(Palette.role(Role.LEADER)).put(column, Text.fit("heartbeats", width));
            pen.plain();
            return;
        }
        if (state.role() == Role.STOPPED) {
            pen.color(Palette.role(Role.STOPPED)).put(column, Text.fit(state.failure(), width));
            pen.plain();
            return;
        }
        if (!state.refusedBy().isEmpty()) {
            pen.color(Palette.role(Role.STOPPED)).put(column, Text.fit("refused by "
                    + ids(state.refusedBy()) + ": its data dir was emptied or replaced", width));
            pen.plain();
            return;
        }
        if (state.electionTimeoutMs() <= 0) {
            pen.put(column, Text.fit("-", width));
            return;
        }
        pen.put(column, text(width, state.electionTimeoutLeftMs(), state.electionTimeoutMs()));
    }

    private static String ids(java.util.List<Integer> ids) {
        return ids.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(","));
    }

    /** "[====    ] 120ms": filled in proportion to the time left. */
    static String text(int width, long leftMs, long totalMs) {
        long left = Math.max(0, Math.min(leftMs, totalMs));
        int barWidth = Math.min(MAX_BAR_WIDTH, width - LABEL_WIDTH - 2);
        String label = Text.right(left + "ms", LABEL_WIDTH - 1);
        if (barWidth < 2) {
            return Text.fit(label.strip(), width);
        }
        int filled = (int) Math.round((double) barWidth * left / totalMs);
        String bar = "=".repeat(filled) + " ".repeat(barWidth - filled);
        return Text.fit("[" + bar + "] " + label, width);
    }
}
