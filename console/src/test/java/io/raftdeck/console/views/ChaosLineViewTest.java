package io.raftdeck.console.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.raftdeck.console.ChaosStatus;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.testing.ScreenCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ChaosLineViewTest {

    private static ClusterView withChaos(ChaosStatus status) {
        ClusterView view = ClusterFixtures.withEvents(30);
        return new ClusterView(view.nodes(), view.events(), view.selected(), view.input(),
                view.lastAction(), view.helpVisible(), view.lifecycleOffered(), status);
    }

    @Test
    void runningChaosShowsItsCountsAndVerdictAboveTheTimeline() {
        // Proves a running chaos mode shows ok/failed/unknown, faults and the verdict so far
        // in its own row, and the timeline still follows below it.
        ChaosStatus status = new ChaosStatus(true, 120, 3, 2, 4,
                "linearizable: 125 operations over 3 keys, 900 search steps");
        ScreenCapture screen = ScreenCapture.render(withChaos(status), 140, 45);
        int row = screen.rowOf("chaos ON");
        assertTrue(row > 0, screen.text());
        assertEquals("chaos ON  ok 120  failed 3  unknown 2  faults 4  so far: "
                + "linearizable: 125 operations over 3 keys, 900 search steps",
                screen.line(row).strip());
        assertTrue(screen.line(row + 1).startsWith("-- timeline (30 events"),
                screen.line(row + 1));
    }

    @Test
    void stoppedRunKeepsItsFinalLineAndNoRunShowsNone() {
        // Proves the line stays after a run (marked OFF) and is absent before any run.
        ChaosStatus done = new ChaosStatus(false, 7, 0, 1, 2, "linearizable: 8 operations");
        ScreenCapture after = ScreenCapture.render(withChaos(done), 80, 24);
        String line = after.line(after.rowOf("chaos OFF"));
        assertEquals("chaos OFF  ok 7  failed 0  unknown 1  faults 2  verdict: linearizable: 8"
                + " operati", line.strip(), "cut to the 80 columns");
        ScreenCapture never = ScreenCapture.render(withChaos(ChaosStatus.IDLE), 80, 24);
        assertEquals(-1, never.rowOf("chaos O"), never.text());
        assertTrue(never.line(15).startsWith("-- timeline"), never.line(15));
    }

    @Test
    void violationIsDrawnInTheFailureColour() {
        // Proves a NOT linearizable verdict stands out: its first line, in the failure colour.
        ChaosStatus bad = new ChaosStatus(true, 50, 0, 0, 1,
                "NOT linearizable: keys [k1] (50 operations)\nkey k1 has 20 operations");
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(120, 40));
        try {
            TerminalScreen screen = new TerminalScreen(terminal);
            screen.startScreen();
            new DashboardRenderer(ZoneOffset.UTC).draw(screen.newTextGraphics(),
                    withChaos(bad));
            screen.refresh();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        ScreenCapture capture = ScreenCapture.of(terminal);
        int row = capture.rowOf("chaos ON");
        assertTrue(capture.line(row).contains("so far: NOT linearizable: keys [k1]"));
        assertFalse(capture.text().contains("key k1 has 20"), "only the verdict's first line");
        TextColor colour = terminal.getCharacter(0, row).getForegroundColor();
        assertEquals(Palette.FAILED, colour);
    }
}
