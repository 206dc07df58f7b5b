package io.raftdeck.console.views;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.Leadership;
import io.raftdeck.console.model.NodeView;
import java.util.Optional;

/**
 * The top row: what cluster this is and who leads it right now, and a NOSPACE banner while a
 * node's store is at its quota (writes refused, deletes work).
 */
final class TitleBar {

    private TitleBar() {
    }

    static void draw(TextGraphics graphics, int row, ClusterView view) {
        int width = graphics.getSize().getColumns();
        Pen pen = new Pen(graphics, row).background(Palette.TITLE_BACKGROUND)
                .color(Palette.TITLE_FOREGROUND).bold();
        pen.put(0, Text.fit(" " + text(view), width));
        pen.plain();
    }

    static String text(ClusterView view) {
        StringBuilder text = new StringBuilder("raftdeck  ");
        String host = TableColumns.sharedHost(view.nodes());
        text.append(view.nodes().size()).append(" nodes");
        if (host != null) {
            text.append(" on ").append(host);
        }
        if (!view.lifecycleOffered()) {
            text.append(" (attached)");
        }
        Optional<NodeView> leader = view.leader();
        if (leader.isPresent()) {
            text.append("  |  leader: node ").append(leader.get().id())
                    .append(", term ").append(leader.get().state().term())
                    .append(", commit ").append(leader.get().state().commitIndex());
        } else {
            long term = Leadership.newestConnectedTerm(view.nodes());
            text.append("  |  NO LEADER");
            if (term > 0) {
                text.append(" (newest term ").append(term).append(')');
            }
        }
        view.nodes().stream().filter(node -> node.answers() && node.state().store().alarm())
                .findFirst().ifPresent(full -> text.append("  |  NOSPACE: store at its quota (")
                        .append(full.state().store().describe())
                        .append("): writes refused, delete keys"));
        return text.toString();
    }
}
