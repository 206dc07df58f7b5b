package io.raftdeck.console.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.CommandInput;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.testing.NodeStates;
import io.raftdeck.console.testing.ScreenCapture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiskBannerViewTest {

    /** The fixture cluster with node 2 reporting a slow disk. */
    private static ClusterView withSlowNode2() {
        List<NodeView> nodes = new ArrayList<>(ClusterFixtures.nodes());
        nodes.set(1, NodeStates.follower(3).votedFor(1).leaderId(1).log(1, 1, 2, 3, 3, 3)
                .commit(5).slowDisk(23_400).view(2));
        return new ClusterView(nodes, ClusterFixtures.events(30), 0, CommandInput.CLOSED, null,
                false, true);
    }

    @Test
    void aSlowDiskIsABannerInTheFailureColourAboveTheTimeline() {
        // Proves a node's slow-disk warning reaches the screen: a line naming the node and
        // its fsync p99, in the failure colour, with the timeline still below it.
        ScreenCapture screen = ScreenCapture.render(withSlowNode2(), 120, 40);
        int row = screen.rowOf("SLOW DISK");
        assertTrue(row > 0, screen.text());
        assertEquals("SLOW DISK  node 2: WAL fsync p99 23.4ms (over 10ms)",
                screen.line(row).strip());
        assertEquals(Palette.FAILED, screen.at(0, row).getForegroundColor());
        assertTrue(screen.line(row + 1).startsWith("-- timeline"), screen.line(row + 1));
    }

    @Test
    void noBannerWhileEveryDiskIsFast() {
        ScreenCapture screen = ScreenCapture.render(ClusterFixtures.withEvents(30), 120, 40);
        assertEquals(-1, screen.rowOf("SLOW DISK"), screen.text());
    }
}
