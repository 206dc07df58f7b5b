package io.raftdeck.console.views;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import io.raftdeck.console.model.ClusterView;
import java.time.ZoneId;

/**
 * Draws a whole {@link ClusterView} onto a screen's back buffer. It only reads the view; the
 * caller refreshes the screen, which sends just the changed cells, so nothing flickers.
 */
public final class DashboardRenderer {

    private final ZoneId zone;

    /** @param zone the time zone timeline times are shown in */
    public DashboardRenderer(ZoneId zone) {
        this.zone = zone;
    }

    public void draw(TextGraphics graphics, ClusterView view) {
        TerminalSize size = graphics.getSize();
        new Pen(graphics, 0).plain();
        graphics.fill(' ');
        ScreenLayout layout = ScreenLayout.of(size, view.nodes().size());
        if (layout.tooSmall()) {
            drawTooSmall(graphics, view.nodes().size());
            return;
        }
        TitleBar.draw(graphics, 0, view);
        NodeTable.draw(graphics, layout.tableRow(), view);
        if (layout.replicationRow() >= 0) {
            ReplicationLine.draw(graphics, layout.replicationRow(), view);
        }
        if (layout.rulerRow() >= 0) {
            LogStrips.draw(graphics, layout.rulerRow(), view);
        }
        if (layout.detailRow() >= 0) {
            LogDetailLine.draw(graphics, layout.detailRow(), view);
        }
        drawChaosAndTimeline(graphics, layout, view);
        CommandLineBar.draw(graphics, layout.commandRow(), view);
        KeyHelpBar.draw(graphics, layout.helpRow());
        if (view.helpVisible()) {
            HelpOverlay.draw(graphics);
        }
    }

    /**
     * The chaos line, when there is a run to show, takes the timeline's top row; without a
     * timeline it takes the replication line's row, and on a tiny screen it is left out. The
     * slow-disk banner, while a node reports one, takes the next row the same way.
     */
    private void drawChaosAndTimeline(TextGraphics graphics, ScreenLayout layout,
            ClusterView view) {
        int timelineRow = layout.timelineRow();
        int timelineLines = layout.timelineLines();
        if (view.chaos().shown()) {
            if (timelineRow >= 0) {
                ChaosLine.draw(graphics, timelineRow, view.chaos());
                timelineRow++;
                timelineLines--;
            } else if (layout.replicationRow() >= 0) {
                ChaosLine.draw(graphics, layout.replicationRow(), view.chaos());
            }
        }
        if (DiskBanner.shown(view)) {
            if (timelineRow >= 0 && timelineLines > 1) {
                DiskBanner.draw(graphics, timelineRow, view);
                timelineRow++;
                timelineLines--;
            } else if (layout.replicationRow() >= 0 && !view.chaos().shown()) {
                DiskBanner.draw(graphics, layout.replicationRow(), view);
            }
        }
        if (timelineRow >= 0 && view.messages().visible()) {
            MessagePane.draw(graphics, timelineRow, timelineLines, view);
        } else if (timelineRow >= 0) {
            TimelinePane.draw(graphics, timelineRow, timelineLines, view, zone);
        }
    }

    private static void drawTooSmall(TextGraphics graphics, int nodeCount) {
        int rows = nodeCount + 4;
        String text = "raftdeck needs at least " + ScreenLayout.MIN_WIDTH + "x" + rows
                + " (q quits)";
        new Pen(graphics, 0).put(0, text);
    }
}
