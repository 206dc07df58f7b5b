package io.raftdeck.console.keys;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/**
 * The dashboard's keys, with the command line closed. (While it is open, keys edit it: see
 * {@link InputEditor}.) Lower and upper case differ on purpose: k kills the selected node,
 * K the leader.
 */
public final class KeyBindings {

    private KeyBindings() {
    }

    /**
     * @param nodeCount   how many nodes there are: digits beyond it select nothing
     * @param helpVisible whether the help overlay is shown: then Escape closes it
     */
    public static KeyAction actionFor(KeyStroke key, int nodeCount, boolean helpVisible) {
        if (key == null) {
            return KeyAction.NONE;
        }
        KeyType type = key.getKeyType();
        switch (type) {
            case EOF:
                return KeyAction.of(ActionKind.QUIT);
            case ArrowUp:
            case ArrowLeft:
                return KeyAction.of(ActionKind.SELECT_PREVIOUS);
            case ArrowDown:
            case ArrowRight:
                return KeyAction.of(ActionKind.SELECT_NEXT);
            case Enter:
                return KeyAction.of(ActionKind.OPEN_COMMAND_INPUT);
            case Escape:
                return helpVisible ? KeyAction.of(ActionKind.CLOSE_HELP) : KeyAction.NONE;
            case Character:
                return forCharacter(key, nodeCount);
            default:
                return KeyAction.NONE;
        }
    }

    private static KeyAction forCharacter(KeyStroke key, int nodeCount) {
        char character = key.getCharacter();
        if (key.isCtrlDown()) {
            // Ctrl-C arrives as a key because the terminal traps it: quit cleanly.
            return character == 'c' || character == 'C'
                    ? KeyAction.of(ActionKind.QUIT) : KeyAction.NONE;
        }
        if (character >= '1' && character <= '9') {
            int position = character - '1';
            return position < nodeCount ? KeyAction.select(position) : KeyAction.NONE;
        }
        return switch (character) {
            case 'K' -> KeyAction.of(ActionKind.KILL_LEADER);
            case 'k' -> KeyAction.of(ActionKind.KILL_SELECTED);
            case 'r' -> KeyAction.of(ActionKind.RESTART_SELECTED);
            case 'p' -> KeyAction.of(ActionKind.ISOLATE_SELECTED);
            case 's' -> KeyAction.of(ActionKind.SPLIT_SELECTED);
            case 'h' -> KeyAction.of(ActionKind.HEAL_ALL);
            case ':' -> KeyAction.of(ActionKind.OPEN_COMMAND_INPUT);
            case 'w' -> KeyAction.of(ActionKind.BURST);
            case 't' -> KeyAction.of(ActionKind.TRANSFER_TO_SELECTED);
            case 'c' -> KeyAction.of(ActionKind.TOGGLE_CHAOS);
            case '?' -> KeyAction.of(ActionKind.TOGGLE_HELP);
            case 'm' -> KeyAction.of(ActionKind.TOGGLE_MESSAGES);
            case 'H' -> KeyAction.of(ActionKind.TOGGLE_HEARTBEATS);
            case 'q', 'Q' -> KeyAction.of(ActionKind.QUIT);
            default -> KeyAction.NONE;
        };
    }
}
