package io.raftdeck.console.actions;

import io.raftdeck.console.ChaosMode;
import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;

/**
 * The c key: starts the chaos mode's workload and nemesis, or stops them when they run. It
 * runs on the action worker, so starting and stopping (which join threads) never stall the UI.
 */
final class ChaosAction {

    private final ChaosMode chaos;

    ChaosAction(ActionContext context) {
        this.chaos = context.chaos();
    }

    ActionOutcome toggle(ClusterView view) throws Exception {
        if (chaos.status().running()) {
            chaos.stop();
            String verdict = chaos.status().verdict();
            return ActionOutcome.ok("chaos stopped, links healed"
                    + (verdict.isEmpty() ? "" : ": " + verdict.lines().findFirst().orElse("")));
        }
        chaos.start();
        return ActionOutcome.ok("chaos started: workload and nemesis on the cluster (c stops)");
    }
}
