package io.raftdeck.console.keys;

import com.googlecode.lanterna.input.KeyStroke;
import io.raftdeck.console.model.CommandInput;

/**
 * Edits the open command line: printable characters append, Backspace deletes, Enter sends,
 * Escape cancels, Ctrl-C quits the dashboard as it does everywhere.
 */
public final class InputEditor {

    /** The longest command the line accepts; longer typing is ignored. */
    public static final int MAX_LENGTH = 200;

    /**
     * The line after one key.
     *
     * @param submitted the command to send (Enter on a non-blank line), else null
     * @param quit      whether the key asks to quit the dashboard
     */
    public record Edit(CommandInput input, String submitted, boolean quit) {
    }

    private InputEditor() {
    }

    public static Edit apply(CommandInput input, KeyStroke key) {
        String text = input.text();
        switch (key.getKeyType()) {
            case Enter:
                String command = text.strip();
                return new Edit(CommandInput.CLOSED, command.isEmpty() ? null : command, false);
            case Escape:
                return new Edit(CommandInput.CLOSED, null, false);
            case EOF:
                return new Edit(CommandInput.CLOSED, null, true);
            case Backspace:
                String shorter = text.isEmpty() ? text : text.substring(0, text.length() - 1);
                return new Edit(CommandInput.opened(shorter), null, false);
            case Character:
                return typed(input, key);
            default:
                return new Edit(input, null, false);
        }
    }

    private static Edit typed(CommandInput input, KeyStroke key) {
        char character = key.getCharacter();
        if (key.isCtrlDown() || key.isAltDown()) {
            boolean quit = key.isCtrlDown() && (character == 'c' || character == 'C');
            return new Edit(quit ? CommandInput.CLOSED : input, null, quit);
        }
        if (Character.isISOControl(character) || input.text().length() >= MAX_LENGTH) {
            return new Edit(input, null, false);
        }
        return new Edit(CommandInput.opened(input.text() + character), null, false);
    }
}
