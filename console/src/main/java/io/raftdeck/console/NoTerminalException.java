package io.raftdeck.console;

/** There is no interactive terminal to draw the dashboard on; the message says so in a line. */
public final class NoTerminalException extends Exception {

    public NoTerminalException(String message) {
        super(message);
    }
}
