package io.raftdeck.console.views;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.MessageLine;
import io.raftdeck.console.model.MessageView;
import io.raftdeck.console.model.NodeView;
import java.util.List;
import java.util.Map;

/**
 * The message view ({@code m}), in the timeline's place: a lane per node and, one row each,
 * the messages the nodes sent, newest last, as an arrow from the sender's lane to the
 * receiver's and the node's wording beside it ({@code 2→5 vote refused: already voted for 3 in
 * term 5}). Heartbeats and the answers that move nothing are counted per pair of nodes on the
 * lane row unless {@code H} lists them.
 */
final class MessagePane {

    /** Columns per lane: room for a two-digit id and the arrow between lanes. */
    static final int LANE_WIDTH = 4;

    private MessagePane() {
    }

    static void draw(TextGraphics graphics, int headerRow, int lines, ClusterView view) {
        int width = graphics.getSize().getColumns();
        MessageView messages = view.messages();
        String header = "-- messages (m timeline, H " + (messages.heartbeatsShown()
                ? "folds" : "lists") + " heartbeats)" + (messages.droppedEvents() == 0 ? ""
                : " " + messages.droppedEvents() + " events dropped") + " ";
        new Pen(graphics, headerRow).color(Palette.DIM)
                .put(0, header + "-".repeat(Math.max(0, width - header.length()))).plain();
        if (lines < 1) {
            return;
        }
        List<NodeView> nodes = view.nodes();
        int lanesWidth = nodes.size() * LANE_WIDTH;
        drawLaneRow(graphics, headerRow + 1, nodes, messages.heartbeatsPerLink(), width,
                lanesWidth);
        List<MessageLine> shown = messages.lines();
        int rows = lines - 1;
        int first = Math.max(0, shown.size() - rows);
        for (int line = 0; line < rows && first + line < shown.size(); line++) {
            drawMessage(graphics, headerRow + 2 + line, nodes, shown.get(first + line), width,
                    lanesWidth);
        }
    }

    private static void drawLaneRow(TextGraphics graphics, int row, List<NodeView> nodes,
                                    Map<String, Long> heartbeats, int width, int lanesWidth) {
        Pen pen = new Pen(graphics, row).bold();
        for (int lane = 0; lane < nodes.size(); lane++) {
            pen.put(lane * LANE_WIDTH, Text.right(Integer.toString(nodes.get(lane).id()), 2));
        }
        pen.plain();
        StringBuilder counts = new StringBuilder(heartbeats.isEmpty() ? ""
                : "heartbeats:");
        heartbeats.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                counts.append(' ').append(entry.getKey()).append(" ×").append(entry.getValue()));
        pen.color(Palette.DIM).put(lanesWidth, Text.clip(counts.toString(),
                width - lanesWidth)).plain();
    }

    private static void drawMessage(TextGraphics graphics, int row, List<NodeView> nodes,
                                    MessageLine message, int width, int lanesWidth) {
        Pen pen = new Pen(graphics, row);
        char[] lanes = " ".repeat(lanesWidth).toCharArray();
        for (int lane = 0; lane < nodes.size(); lane++) {
            lanes[lane * LANE_WIDTH + 1] = '│';
        }
        int from = laneOf(nodes, message.from());
        int to = laneOf(nodes, message.to());
        if (from >= 0 && to >= 0 && from != to) {
            int start = from * LANE_WIDTH + 1;
            int end = to * LANE_WIDTH + 1;
            for (int column = Math.min(start, end); column <= Math.max(start, end); column++) {
                lanes[column] = '─';
            }
            lanes[start] = '●';
            lanes[end] = end > start ? '▶' : '◀';
        }
        pen.color(Palette.DIM).put(0, new String(lanes)).plain();
        String text = message.times() == 1 ? message.text()
                : message.text() + "  ×" + message.times();
        pen.put(lanesWidth, Text.clip(text, width - lanesWidth));
    }

    private static int laneOf(List<NodeView> nodes, int id) {
        for (int lane = 0; lane < nodes.size(); lane++) {
            if (nodes.get(lane).id() == id) {
                return lane;
            }
        }
        return -1;
    }
}
