package io.raftdeck.console.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyBindingsTest {

    private static KeyAction press(char character) {
        return KeyBindings.actionFor(new KeyStroke(character, false, false), 5, false);
    }

    private static KeyAction press(KeyType type) {
        return KeyBindings.actionFor(new KeyStroke(type), 5, false);
    }

    @Test
    void letterKeysMapToTheirActions() {
        // Proves every documented letter key asks for its action, with k and K told apart.
        Map<Character, ActionKind> expected = Map.ofEntries(
                Map.entry('K', ActionKind.KILL_LEADER),
                Map.entry('k', ActionKind.KILL_SELECTED),
                Map.entry('r', ActionKind.RESTART_SELECTED),
                Map.entry('p', ActionKind.ISOLATE_SELECTED),
                Map.entry('s', ActionKind.SPLIT_SELECTED),
                Map.entry('h', ActionKind.HEAL_ALL),
                Map.entry(':', ActionKind.OPEN_COMMAND_INPUT),
                Map.entry('w', ActionKind.BURST),
                Map.entry('t', ActionKind.TRANSFER_TO_SELECTED),
                Map.entry('c', ActionKind.TOGGLE_CHAOS),
                Map.entry('?', ActionKind.TOGGLE_HELP),
                Map.entry('q', ActionKind.QUIT));
        expected.forEach((key, kind) -> assertEquals(kind, press(key).kind(), "key " + key));
    }

    @Test
    void cTogglesChaosButCtrlCStillQuits() {
        // Proves plain c asks for chaos mode while Ctrl-C keeps meaning quit.
        assertEquals(ActionKind.TOGGLE_CHAOS, press('c').kind());
        assertEquals(ActionKind.QUIT,
                KeyBindings.actionFor(new KeyStroke('c', true, false), 5, false).kind());
        assertEquals(ActionKind.NONE, press('C').kind());
    }

    @Test
    void digitsSelectNodesThatExist() {
        // Proves 1-5 select positions 0-4 and a digit past the last node does nothing.
        for (char digit = '1'; digit <= '5'; digit++) {
            assertEquals(KeyAction.select(digit - '1'), press(digit));
        }
        assertEquals(KeyAction.NONE, press('6'));
        assertEquals(KeyAction.NONE, press('0'));
    }

    @Test
    void arrowsMoveTheSelection() {
        // Proves up/left select the previous node and down/right the next.
        assertEquals(ActionKind.SELECT_PREVIOUS, press(KeyType.ArrowUp).kind());
        assertEquals(ActionKind.SELECT_PREVIOUS, press(KeyType.ArrowLeft).kind());
        assertEquals(ActionKind.SELECT_NEXT, press(KeyType.ArrowDown).kind());
        assertEquals(ActionKind.SELECT_NEXT, press(KeyType.ArrowRight).kind());
    }

    @Test
    void enterOpensTheCommandLineLikeColon() {
        // Proves Enter is the second way to start typing a command.
        assertEquals(ActionKind.OPEN_COMMAND_INPUT, press(KeyType.Enter).kind());
    }

    @Test
    void ctrlCAndEndOfInputQuit() {
        // Proves Ctrl-C (trapped as a key) and a closed terminal both quit cleanly.
        KeyStroke ctrlC = new KeyStroke('c', true, false);
        assertEquals(ActionKind.QUIT, KeyBindings.actionFor(ctrlC, 5, false).kind());
        assertEquals(ActionKind.QUIT, press(KeyType.EOF).kind());
    }

    @Test
    void escapeClosesHelpOnlyWhenItIsShown() {
        // Proves Escape closes the help overlay and is ignored otherwise.
        KeyStroke escape = new KeyStroke(KeyType.Escape);
        assertEquals(ActionKind.CLOSE_HELP, KeyBindings.actionFor(escape, 5, true).kind());
        assertEquals(ActionKind.NONE, KeyBindings.actionFor(escape, 5, false).kind());
    }

    @Test
    void unknownKeysDoNothing() {
        // Proves keys without a binding are ignored rather than guessed at.
        assertEquals(KeyAction.NONE, press('x'));
        assertEquals(KeyAction.NONE, press(KeyType.F1));
        assertEquals(KeyAction.NONE, KeyBindings.actionFor(null, 5, false));
    }
}
