package io.raftdeck.console.views;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.CommandInput;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.testing.NodeStates;
import io.raftdeck.console.testing.ScreenCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cluster whose store is at its quota, as the dashboard's title row shows it. */
class NoSpaceBannerViewTest {

    private static ClusterView view(boolean alarm) {
        long quota = 32L << 20;
        List<NodeView> nodes = List.of(
                NodeStates.leader(4).leaderId(1).store(quota - 1000, quota, alarm).view(1),
                NodeStates.follower(4).leaderId(1).store(quota - 1000, quota, alarm).view(2),
                NodeStates.follower(4).leaderId(1).store(quota - 1000, quota, alarm).view(3));
        return new ClusterView(nodes, ClusterFixtures.events(1), 0, CommandInput.CLOSED, null,
                false, true);
    }

    @Test
    void theTitleSaysNoSpaceWhileTheAlarmIsRaisedAndNotOtherwise() {
        // Proves the banner appears with the store's fill while the alarm is raised, and a
        // store near its quota without the alarm shows none.
        String title = ScreenCapture.render(view(true), 160, 24).line(0);
        assertTrue(title.contains("NOSPACE: store at its quota (32.0 of 32.0 MiB): writes"
                + " refused, delete keys"), title);
        assertFalse(ScreenCapture.render(view(false), 160, 24).line(0).contains("NOSPACE"));
    }
}
