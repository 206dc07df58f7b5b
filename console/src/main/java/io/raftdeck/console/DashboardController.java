package io.raftdeck.console;

import com.googlecode.lanterna.input.KeyStroke;
import io.raftdeck.console.actions.ActionRunner;
import io.raftdeck.console.keys.ActionKind;
import io.raftdeck.console.keys.InputEditor;
import io.raftdeck.console.keys.KeyAction;
import io.raftdeck.console.keys.KeyBindings;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.CommandInput;
import io.raftdeck.console.state.DashboardState;

/**
 * Applies one key press on the UI thread: interface changes (selection, help, command line)
 * happen at once, cluster actions are handed to the {@link ActionRunner} and return at once.
 */
final class DashboardController {

    private final DashboardState state;
    private final ActionRunner actions;

    DashboardController(DashboardState state, ActionRunner actions) {
        this.state = state;
        this.actions = actions;
    }

    /** Handles {@code key}; returns whether the user asked to quit. */
    boolean handle(KeyStroke key) {
        ClusterView view = state.view();
        if (view.input().open()) {
            InputEditor.Edit edit = InputEditor.apply(view.input(), key);
            state.setInput(edit.input());
            if (edit.submitted() != null) {
                actions.sendCommand(edit.submitted());
            }
            return edit.quit();
        }
        KeyAction action = KeyBindings.actionFor(key, view.nodes().size(), view.helpVisible());
        if (action.kind() == ActionKind.QUIT) {
            return true;
        }
        if (view.helpVisible()) {
            // The overlay hides the cluster: a key closes it rather than acting unseen.
            if (action.kind() != ActionKind.NONE) {
                state.setHelpVisible(false);
            }
            return false;
        }
        apply(action);
        return false;
    }

    private void apply(KeyAction action) {
        switch (action.kind()) {
            case SELECT -> state.select(action.argument());
            case SELECT_PREVIOUS -> state.moveSelection(-1);
            case SELECT_NEXT -> state.moveSelection(1);
            case KILL_LEADER -> actions.killLeader();
            case KILL_SELECTED -> actions.killSelected();
            case RESTART_SELECTED -> actions.restartSelected();
            case ISOLATE_SELECTED -> actions.isolateSelected();
            case SPLIT_SELECTED -> actions.splitAroundSelected();
            case HEAL_ALL -> actions.healAll();
            case OPEN_COMMAND_INPUT -> state.setInput(CommandInput.opened(""));
            case BURST -> actions.sendBurst();
            case TRANSFER_TO_SELECTED -> actions.transferToSelected();
            case TOGGLE_CHAOS -> actions.toggleChaos();
            case TOGGLE_HELP -> state.setHelpVisible(true);
            case TOGGLE_MESSAGES -> state.toggleMessages();
            case TOGGLE_HEARTBEATS -> state.toggleHeartbeats();
            case CLOSE_HELP, QUIT, NONE -> {
                // QUIT is handled by the caller; the others need nothing here.
            }
        }
    }
}
