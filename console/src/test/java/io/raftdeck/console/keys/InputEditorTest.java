package io.raftdeck.console.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import io.raftdeck.console.model.CommandInput;
import org.junit.jupiter.api.Test;

class InputEditorTest {

    private static CommandInput type(CommandInput input, String text) {
        CommandInput current = input;
        for (char character : text.toCharArray()) {
            current = InputEditor.apply(current, new KeyStroke(character, false, false)).input();
        }
        return current;
    }

    @Test
    void typingAppendsAndBackspaceDeletes() {
        // Proves characters build the line and Backspace removes the last one.
        CommandInput typed = type(CommandInput.opened(""), "set x 12");
        assertEquals(CommandInput.opened("set x 12"), typed);
        CommandInput erased = InputEditor.apply(typed, new KeyStroke(KeyType.Backspace)).input();
        assertEquals("set x 1", erased.text());
    }

    @Test
    void enterSubmitsTheTrimmedLineAndCloses() {
        // Proves Enter hands over the command without surrounding blanks and closes the line.
        InputEditor.Edit edit = InputEditor.apply(CommandInput.opened("  hello  "),
                new KeyStroke(KeyType.Enter));
        assertEquals("hello", edit.submitted());
        assertFalse(edit.input().open());
    }

    @Test
    void blankLineSendsNothing() {
        // Proves Enter on an empty line closes it without sending a command.
        InputEditor.Edit edit = InputEditor.apply(CommandInput.opened("   "),
                new KeyStroke(KeyType.Enter));
        assertNull(edit.submitted());
        assertFalse(edit.input().open());
    }

    @Test
    void escapeCancels() {
        // Proves Escape drops what was typed and sends nothing.
        InputEditor.Edit edit = InputEditor.apply(CommandInput.opened("oops"),
                new KeyStroke(KeyType.Escape));
        assertNull(edit.submitted());
        assertEquals(CommandInput.CLOSED, edit.input());
    }

    @Test
    void letterKeysAreTextWhileTyping() {
        // Proves q and k are typed, not acted on, while the command line is open.
        CommandInput typed = type(CommandInput.opened(""), "qk?");
        assertEquals("qk?", typed.text());
    }

    @Test
    void ctrlCQuitsEvenWhileTyping() {
        // Proves Ctrl-C still leaves the dashboard from the command line.
        assertTrue(InputEditor.apply(CommandInput.opened("x"),
                new KeyStroke('c', true, false)).quit());
    }

    @Test
    void lineIsBounded() {
        // Proves typing beyond the limit is ignored instead of growing without bound.
        CommandInput full = type(CommandInput.opened(""), "a".repeat(InputEditor.MAX_LENGTH + 20));
        assertEquals(InputEditor.MAX_LENGTH, full.text().length());
    }
}
