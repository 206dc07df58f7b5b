package io.raftdeck.console.views;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.TimelineEvent;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The newest events, newest at the bottom, each with its time to the millisecond so that a
 * fast election (a few hundred ms) can still be followed step by step.
 */
final class TimelinePane {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final int KIND_WIDTH = 9;

    private TimelinePane() {
    }

    static void draw(TextGraphics graphics, int headerRow, int lines, ClusterView view,
            ZoneId zone) {
        int width = graphics.getSize().getColumns();
        int count = view.events().size();
        String header = "-- timeline (" + count + (count == 1 ? " event" : " events")
                + ", newest last) ";
        new Pen(graphics, headerRow).color(Palette.DIM)
                .put(0, header + "-".repeat(Math.max(0, width - header.length()))).plain();
        List<TimelineEvent> events = view.events();
        int first = Math.max(0, events.size() - lines);
        for (int line = 0; line < lines && first + line < events.size(); line++) {
            drawEvent(graphics, headerRow + 1 + line, events.get(first + line), zone, width);
        }
    }

    private static void drawEvent(TextGraphics graphics, int row, TimelineEvent event,
            ZoneId zone, int width) {
        Pen pen = new Pen(graphics, row);
        String time = TIME.format(event.time().atZone(zone)) + " ";
        pen.color(Palette.DIM).put(0, time);
        pen.color(Palette.event(event.kind()))
                .put(time.length(), Text.fit(event.kind().label(), KIND_WIDTH - 1));
        int textColumn = time.length() + KIND_WIDTH;
        pen.plain().put(textColumn, Text.clip(event.text(), width - textColumn));
    }
}
