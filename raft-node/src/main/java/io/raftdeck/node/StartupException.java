package io.raftdeck.node;

/**
 * A node cannot start because of its configuration or environment (port in use, unreadable
 * data dir, data dir of another node, bad peer list). The message is one line for the user;
 * the launcher prints it and exits with the usage code, without a stack trace.
 */
public class StartupException extends Exception {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
