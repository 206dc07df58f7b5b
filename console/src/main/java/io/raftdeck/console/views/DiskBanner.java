package io.raftdeck.console.views;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.NodeView;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A warning line while any node reports a slow disk (its WAL fsync p99 over the last minute
 * passes 10 ms): a slow leader disk delays every commit, a slow follower's delays its
 * acknowledgements. Drawn in the failure colour, naming each node and its p99.
 */
final class DiskBanner {

    private DiskBanner() {
    }

    static boolean shown(ClusterView view) {
        return !slowNodes(view).isEmpty();
    }

    static void draw(TextGraphics graphics, int row, ClusterView view) {
        int width = graphics.getSize().getColumns();
        new Pen(graphics, row).color(Palette.FAILED).bold()
                .put(0, Text.fit(text(view), width)).plain();
    }

    static String text(ClusterView view) {
        return "SLOW DISK  " + slowNodes(view).stream()
                .map(node -> String.format(Locale.ROOT, "node %d: WAL fsync p99 %.1fms",
                        node.id(), node.state().walFsyncP99Us() / 1000.0))
                .collect(Collectors.joining("; ")) + " (over 10ms)";
    }

    private static List<NodeView> slowNodes(ClusterView view) {
        return view.nodes().stream().filter(node -> node.answers() && node.state().slowDisk())
                .toList();
    }
}
