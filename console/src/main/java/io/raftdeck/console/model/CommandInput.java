package io.raftdeck.console.model;

import java.util.Objects;

/** The command line at the bottom of the screen: closed, or open with the text typed so far. */
public record CommandInput(boolean open, String text) {

    public static final CommandInput CLOSED = new CommandInput(false, "");

    public CommandInput {
        Objects.requireNonNull(text, "text");
    }

    public static CommandInput opened(String text) {
        return new CommandInput(true, text);
    }
}
