package io.raftdeck.console.views;

import io.raftdeck.console.model.NodeView;
import java.util.List;

/**
 * The range of log indexes the strips show: the newest index any answering node holds at the
 * right edge, as many older ones as fit to its left. Every strip uses the same range, so one
 * index is one column on every node and divergence lines up.
 */
record LogWindow(long firstIndex, int cells) {

    static final int CELL_WIDTH = 2;
    static final int LABEL_WIDTH = 5;

    static LogWindow of(List<NodeView> nodes, int width) {
        int cells = Math.max(1, (width - LABEL_WIDTH) / CELL_WIDTH);
        long newest = nodes.stream().filter(NodeView::answers)
                .mapToLong(node -> node.state().lastLogIndex()).max().orElse(0);
        long first = Math.max(1, newest - cells + 1);
        return new LogWindow(first, cells);
    }

    long lastIndex() {
        return firstIndex + cells - 1;
    }

    /** The screen column of the cell for {@code index}. */
    int column(long index) {
        return LABEL_WIDTH + (int) (index - firstIndex) * CELL_WIDTH;
    }
}
