package io.raftdeck.console.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.testing.ScreenCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScreenLayoutViewTest {

    @Test
    void everyPartFitsAt80By24() {
        // Proves the smallest supported screen still shows every part in its own rows.
        ScreenCapture screen = ScreenCapture.render(ClusterFixtures.withEvents(30), 80, 24);
        List<String> lines = screen.lines();
        assertTrue(lines.get(0).startsWith(" raftdeck"), lines.get(0));
        assertTrue(lines.get(1).contains("ROLE") && lines.get(1).contains("TERM"));
        assertTrue(lines.get(1).matches("  ID ADDR\\s+NET\\s+ROLE.*LAST TIMER\\s*"),
                lines.get(1));
        assertTrue(lines.get(7).startsWith("leader 1 match/next"), lines.get(7));
        assertTrue(lines.get(8).startsWith("log"), lines.get(8));
        assertTrue(lines.get(14).startsWith("node 1 newest:  #6 t3 cmd6"), lines.get(14));
        assertTrue(lines.get(15).startsWith("-- timeline (30 events"), lines.get(15));
        assertTrue(lines.get(21).endsWith("event number 30" + " ".repeat(80 - 37)),
                lines.get(21));
        assertTrue(lines.get(16).contains("event number 25"), lines.get(16));
        assertEquals(CommandLineBar.IDLE_HINT, lines.get(22).strip());
        assertEquals(KeyHelpBar.SHORT, lines.get(23).strip());
    }

    @Test
    void largerScreenShowsMoreEventsFullAddressesAndFullKeyHelp() {
        // Proves a 140x45 screen is used: more timeline, full addresses, the long key help.
        ScreenCapture screen = ScreenCapture.render(ClusterFixtures.withEvents(30), 140, 45);
        String text = screen.text();
        assertTrue(text.contains("127.0.0.1:5001"), text);
        assertTrue(text.contains("event number 4\n") || text.contains("event number 4 "));
        assertFalse(text.contains("event number 3 "), "only 27 timeline lines fit: " + text);
        assertEquals(KeyHelpBar.FULL, screen.line(44).strip());
        assertTrue(screen.line(7).contains("(12ms)"), "last contact on wide screens");
        String timer = screen.line(3);
        assertTrue(timer.contains("[" + "=".repeat(15)), "a wider timer bar: " + timer);
    }

    @Test
    void helpOverlayListsEveryKey() {
        // Proves ? shows the full help over the dashboard, inside an 80x24 screen.
        ScreenCapture screen = ScreenCapture.render(ClusterFixtures.withHelp(), 80, 24);
        String text = screen.text();
        assertTrue(text.contains(HelpOverlay.TITLE), text);
        for (String line : HelpOverlay.LINES) {
            assertTrue(text.contains(line), "missing help line: " + line);
        }
        int top = screen.rowOf(HelpOverlay.TITLE);
        assertTrue(top >= 0 && top + HelpOverlay.LINES.size() + 1 < 24);
    }

    @Test
    void helpOverlayIsAbsentUntilAskedFor() {
        // Proves the overlay is drawn only when the view says so.
        ScreenCapture screen = ScreenCapture.render(ClusterFixtures.view(), 80, 24);
        assertFalse(screen.text().contains(HelpOverlay.TITLE));
    }

    @Test
    void commandLineShowsTypingAndThenTheOutcome() {
        // Proves the bottom line shows the text being typed, then the action's result.
        ScreenCapture typing = ScreenCapture.render(ClusterFixtures.withInput("set x 1"), 80, 24);
        assertEquals("command> set x 1_", typing.line(22).strip());
        ScreenCapture done = ScreenCapture.render(ClusterFixtures.withOutcome(
                ActionOutcome.ok("committed 'set x 1' at index 7")), 80, 24);
        assertEquals("ok: committed 'set x 1' at index 7", done.line(22).strip());
        ScreenCapture failed = ScreenCapture.render(ClusterFixtures.withOutcome(
                ActionOutcome.failed("no leader to kill right now")), 80, 24);
        assertEquals("error: no leader to kill right now", failed.line(22).strip());
    }

    @Test
    void tooSmallScreenSaysWhatItNeeds() {
        // Proves a screen below the minimum gets a clear message instead of a broken layout.
        ScreenCapture screen = ScreenCapture.render(ClusterFixtures.view(), 50, 8);
        assertTrue(screen.line(0).startsWith("raftdeck needs at least 60x9"), screen.line(0));
    }

    @Test
    void shortScreenDropsLogStripsBeforeTheTable() {
        // Proves that with little height the node table and key help still show.
        ScreenCapture screen = ScreenCapture.render(ClusterFixtures.view(), 80, 14);
        String text = screen.text();
        assertTrue(text.contains("LEADER"));
        assertEquals(-1, screen.rowOf("log  "));
        assertEquals(KeyHelpBar.SHORT, screen.line(13).strip());
    }
}
