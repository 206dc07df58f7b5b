package io.raftdeck.launcher.cli;


/**
 * A failure the user should see as one line on stderr, with the exit code that tells a script
 * what went wrong. Thrown by subcommands; printed by the top command's one-line error handler.
 */
public final class CommandFailure extends RuntimeException {

    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
