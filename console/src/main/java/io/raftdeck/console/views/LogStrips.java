package io.raftdeck.console.views;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.LogEntry;
import io.raftdeck.console.model.NodeState;
import io.raftdeck.console.model.NodeView;

/**
 * Each node's log tail as a strip of cells, one per index, aligned across nodes. A cell shows
 * the last digit of the entry's term, coloured by term; committed cells are solid, and a "|"
 * right after a cell marks the node's commit index. A "." is an entry the tail did not include,
 * a "#" one the node has compacted into its snapshot.
 */
final class LogStrips {

    private LogStrips() {
    }

    static void draw(TextGraphics graphics, int rulerRow, ClusterView view) {
        LogWindow window = LogWindow.of(view.nodes(), graphics.getSize().getColumns());
        drawRuler(graphics, rulerRow, window);
        for (int index = 0; index < view.nodes().size(); index++) {
            drawStrip(graphics, rulerRow + 1 + index, window, view.nodes().get(index),
                    index == view.selected());
        }
    }

    /** Index numbers above every fifth cell, so a position can be read off the strips. */
    static void drawRuler(TextGraphics graphics, int row, LogWindow window) {
        Pen pen = new Pen(graphics, row).color(Palette.DIM);
        pen.put(0, "log");
        int nextFree = LogWindow.LABEL_WIDTH;
        for (long index = window.firstIndex(); index <= window.lastIndex(); index++) {
            int column = window.column(index);
            if (index % 5 == 0 && column >= nextFree) {
                String label = String.valueOf(index);
                pen.put(column, label);
                nextFree = column + label.length() + 1;
            }
        }
        pen.plain();
    }

    private static void drawStrip(TextGraphics graphics, int row, LogWindow window,
            NodeView node, boolean selected) {
        Pen pen = new Pen(graphics, row);
        String label = Text.right(String.valueOf(node.id()), 2) + " ";
        pen.put(0, (selected ? ">" : " ") + label);
        if (!node.answers()) {
            pen.color(Palette.reachability(node.reachability()))
                    .put(LogWindow.LABEL_WIDTH, "(" + NodeTable.netWord(node) + ")").plain();
            return;
        }
        NodeState state = node.state();
        for (long index = window.firstIndex(); index <= window.lastIndex(); index++) {
            if (index > state.lastLogIndex()) {
                break;
            }
            drawCell(pen, window.column(index), index, state);
        }
    }

    private static void drawCell(Pen pen, int column, long index, NodeState state) {
        LogEntry entry = state.entryAt(index);
        boolean committed = index <= state.commitIndex();
        if (entry == null) {
            pen.color(Palette.DIM).put(column, index <= state.snapshotIndex() ? "#" : ".");
        } else {
            TextColor color = Palette.term(entry.term());
            if (committed) {
                pen.background(color).color(TextColor.ANSI.BLACK);
            } else {
                pen.color(color);
            }
            pen.put(column, String.valueOf(entry.term() % 10));
        }
        pen.plain();
        if (index == state.commitIndex()) {
            pen.bold().put(column + 1, "|").plain();
        }
    }
}
