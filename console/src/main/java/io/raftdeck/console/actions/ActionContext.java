package io.raftdeck.console.actions;

import io.raftdeck.console.ChaosMode;
import io.raftdeck.console.DashboardSettings;
import io.raftdeck.console.NodeLifecycle;
import io.raftdeck.console.poller.CommandTracker;
import io.raftdeck.console.rpc.NodeChannels;
import io.raftdeck.console.state.DashboardState;
import java.time.Clock;

/**
 * What every action needs: the nodes' channels, the lifecycle, the chaos mode and where to
 * report.
 */
public record ActionContext(
        DashboardState state,
        NodeChannels channels,
        NodeLifecycle lifecycle,
        CommandTracker commands,
        DashboardSettings settings,
        Clock clock,
        ChaosMode chaos) {

    /** A context without chaos mode: the c key says it is not available. */
    public ActionContext(DashboardState state, NodeChannels channels, NodeLifecycle lifecycle,
            CommandTracker commands, DashboardSettings settings, Clock clock) {
        this(state, channels, lifecycle, commands, settings, clock, ChaosMode.unavailable());
    }
}
