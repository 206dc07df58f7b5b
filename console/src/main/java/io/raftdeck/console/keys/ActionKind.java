package io.raftdeck.console.keys;

/** Everything a key can ask the dashboard to do. */
public enum ActionKind {
    /** Select the node at the position given by the action's argument (0-based). */
    SELECT,
    SELECT_PREVIOUS,
    SELECT_NEXT,
    KILL_LEADER,
    KILL_SELECTED,
    RESTART_SELECTED,
    ISOLATE_SELECTED,
    SPLIT_SELECTED,
    HEAL_ALL,
    OPEN_COMMAND_INPUT,
    BURST,
    TRANSFER_TO_SELECTED,
    /** Start or stop the chaos mode's workload and nemesis. */
    TOGGLE_CHAOS,
    TOGGLE_HELP,
    /** The message view in place of the timeline, or back. */
    TOGGLE_MESSAGES,
    /** Heartbeats listed in the message view, or folded into counts per link. */
    TOGGLE_HEARTBEATS,
    CLOSE_HELP,
    QUIT,
    /** A key with no meaning here; ignored. */
    NONE
}
