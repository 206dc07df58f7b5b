package io.raftdeck.console.views;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.LogEntry;
import io.raftdeck.console.model.NodeView;
import java.util.List;

/** The selected node's newest log entries in words: index, term and command text. */
final class LogDetailLine {

    private LogDetailLine() {
    }

    static void draw(TextGraphics graphics, int row, ClusterView view) {
        int width = graphics.getSize().getColumns();
        new Pen(graphics, row).color(Palette.DIM).put(0, Text.fit(text(view.selectedNode()), width))
                .plain();
    }

    static String text(NodeView node) {
        if (!node.answers()) {
            return "node " + node.id() + ": no log to show";
        }
        List<LogEntry> tail = node.state().logTail();
        if (tail.isEmpty() && node.state().snapshotIndex() == 0) {
            return "node " + node.id() + ": empty log";
        }
        StringBuilder text = new StringBuilder("node " + node.id());
        if (node.state().snapshotIndex() > 0) {
            text.append(" (snapshot up to #").append(node.state().snapshotIndex()).append(')');
        }
        text.append(" newest:");
        for (int position = tail.size() - 1; position >= 0 && text.length() < 400; position--) {
            LogEntry entry = tail.get(position);
            String command = entry.command().isEmpty() ? "(no-op)" : entry.command();
            text.append("  #").append(entry.index()).append(" t").append(entry.term())
                    .append(' ').append(Text.clip(command, 24));
        }
        return text.toString();
    }
}
