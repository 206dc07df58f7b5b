package io.raftdeck.console.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TextColor;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.CommandInput;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.testing.NodeStates;
import io.raftdeck.console.testing.ScreenCapture;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogStripsViewTest {

    private final ScreenCapture screen = ScreenCapture.render(ClusterFixtures.view(), 80, 24);

    @Test
    void cellsShowTermDigitsAlignedByIndexWithTheCommitMark() {
        // Proves each index is one column on every node and "|" follows the commit index.
        int ruler = screen.rowOf("log ");
        assertEquals(8, ruler);
        assertEquals("> 1  1 1 2 3 3|3", screen.line(ruler + 1).stripTrailing());
        assertEquals("  2  1 1 2 3 3|3", screen.line(ruler + 2).stripTrailing());
        assertEquals("  5  1 1 2|", screen.line(ruler + 5).stripTrailing());
    }

    @Test
    void deadNodesHaveNoLogCells() {
        // Proves a node without status shows its state instead of an old log.
        int ruler = screen.rowOf("log ");
        assertEquals("  3  (DOWN)", screen.line(ruler + 3).stripTrailing());
        assertEquals("  4  (UNREACHABLE)", screen.line(ruler + 4).stripTrailing());
    }

    @Test
    void committedCellsAreSolidAndUncommittedCellsAreNot() {
        // Proves committed entries get a term-coloured background, uncommitted only a colour.
        int row = screen.rowOf("log ") + 1;
        int fifthIndexColumn = LogWindow.LABEL_WIDTH + 4 * LogWindow.CELL_WIDTH;
        assertEquals(Palette.term(3), screen.at(fifthIndexColumn, row).getBackgroundColor());
        int sixthIndexColumn = fifthIndexColumn + LogWindow.CELL_WIDTH;
        assertEquals(TextColor.ANSI.DEFAULT, screen.at(sixthIndexColumn, row).getBackgroundColor());
        assertEquals(Palette.term(3), screen.at(sixthIndexColumn, row).getForegroundColor());
        int firstIndexColumn = LogWindow.LABEL_WIDTH;
        assertEquals(Palette.term(1), screen.at(firstIndexColumn, row).getBackgroundColor());
    }

    @Test
    void rulerLabelsIndexesAboveTheirCells() {
        // Proves the ruler's "5" sits right above the cells of index 5.
        int ruler = screen.rowOf("log ");
        int column = LogWindow.LABEL_WIDTH + 4 * LogWindow.CELL_WIDTH;
        assertEquals('5', screen.at(column, ruler).getCharacter());
    }

    @Test
    void longLogsShowTheNewestIndexesAtTheRightEdge() {
        // Proves the window slides: with 100 entries the newest is the last cell on screen.
        long[] terms = new long[100];
        Arrays.fill(terms, 4);
        NodeView leader = NodeStates.leader(4).log(terms).commit(98).view(1);
        ClusterView view = new ClusterView(List.of(leader), List.of(), 0, CommandInput.CLOSED,
                null, false, true);
        ScreenCapture narrow = ScreenCapture.render(view, 80, 24);
        int ruler = narrow.rowOf("log ");
        String strip = narrow.line(ruler + 1).stripTrailing();
        assertTrue(strip.endsWith("4 4|4 4"), strip);
        LogWindow window = LogWindow.of(List.of(leader), 80);
        assertEquals(100, window.lastIndex());
        assertTrue(narrow.line(ruler).contains("100"), narrow.line(ruler));
    }

    @Test
    void entriesCompactedIntoTheSnapshotShowAsHashes() {
        // Proves indexes a node holds only in its snapshot read "#", not "." or a term digit,
        // and the detail line names the snapshot index.
        List<io.raftdeck.console.model.LogEntry> tail = List.of(
                new io.raftdeck.console.model.LogEntry(4, 2, "set a=1"),
                new io.raftdeck.console.model.LogEntry(5, 2, "set b=2"));
        NodeView node = NodeStates.follower(2).tail(tail, 5).commit(5).applied(5).snapshot(3)
                .view(1);
        ClusterView view = new ClusterView(List.of(node), List.of(), 0, CommandInput.CLOSED,
                null, false, true);
        ScreenCapture capture = ScreenCapture.render(view, 80, 24);
        int ruler = capture.rowOf("log ");
        assertEquals("> 1  # # # 2 2|", capture.line(ruler + 1).stripTrailing());
        assertTrue(capture.text().contains("node 1 (snapshot up to #3) newest:"),
                capture.text());
    }
}
