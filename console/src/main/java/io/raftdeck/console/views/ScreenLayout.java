package io.raftdeck.console.views;

import com.googlecode.lanterna.TerminalSize;

/**
 * Which rows each part of the screen gets. The node table, the command line and the key help
 * always show; then, as height allows, the leader's replication line, the timeline, the log
 * strips and the selected node's newest entries. The timeline takes whatever is left.
 * A row of -1 means the part is not shown.
 */
record ScreenLayout(
        int width,
        int height,
        int tableRow,
        int replicationRow,
        int rulerRow,
        int detailRow,
        int timelineRow,
        int timelineLines,
        int commandRow,
        int helpRow,
        boolean tooSmall) {

    static final int MIN_WIDTH = 60;
    /** Timeline header plus at least two events. */
    private static final int MIN_TIMELINE_ROWS = 3;

    /** Row of the first log strip; strip {@code i} is on {@code logRow() + i}. */
    int logRow() {
        return rulerRow < 0 ? -1 : rulerRow + 1;
    }

    static ScreenLayout of(TerminalSize size, int nodeCount) {
        int width = size.getColumns();
        int height = size.getRows();
        int fixed = 1 + 1 + nodeCount + 1 + 1;
        int spare = height - fixed;
        if (width < MIN_WIDTH || spare < 0) {
            return new ScreenLayout(width, height, -1, -1, -1, -1, -1, 0, -1, -1, true);
        }
        boolean replication = take(spare, 1);
        spare -= replication ? 1 : 0;
        boolean timeline = take(spare, MIN_TIMELINE_ROWS);
        spare -= timeline ? MIN_TIMELINE_ROWS : 0;
        boolean logs = timeline && take(spare, nodeCount + 1);
        spare -= logs ? nodeCount + 1 : 0;
        boolean detail = logs && take(spare, 1);
        spare -= detail ? 1 : 0;

        int row = 2;
        int tableRow = 1;
        row += nodeCount;
        int replicationRow = replication ? row++ : -1;
        int rulerRow = logs ? row : -1;
        row += logs ? nodeCount + 1 : 0;
        int detailRow = detail ? row++ : -1;
        int timelineRow = timeline ? row : -1;
        int timelineLines = timeline ? MIN_TIMELINE_ROWS - 1 + spare : 0;
        return new ScreenLayout(width, height, tableRow, replicationRow, rulerRow, detailRow,
                timelineRow, timelineLines, height - 2, height - 1, false);
    }

    private static boolean take(int spare, int rows) {
        return spare >= rows;
    }
}
