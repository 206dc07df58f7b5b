package io.raftdeck.console;

import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Opens the real terminal the dashboard draws on. */
public final class TextTerminals {

    static final String NO_TTY = "the dashboard needs an interactive terminal, but standard"
            + " input or output is not one (run it in a terminal, or use 'raftdeck cluster')";

    private TextTerminals() {
    }

    /**
     * Fails with the same one-line {@link NoTerminalException} as {@link #open()} when there is
     * no TTY, without touching the terminal: the launcher asks before it starts any node, so
     * that a piped or scripted run fails at once instead of after five nodes came up.
     */
    public static void requireInteractive() throws NoTerminalException {
        if (System.console() == null) {
            throw new NoTerminalException(NO_TTY);
        }
    }

    /**
     * The text terminal on standard input and output. Never a Swing window: on a machine
     * without a TTY this fails with a one-line {@link NoTerminalException} instead. Ctrl-C is
     * delivered as a key, so quitting with it runs the same clean-up as q. If the JVM is
     * stopped some other way, Lanterna's own shutdown hook restores the terminal settings.
     */
    public static Terminal open() throws NoTerminalException {
        requireInteractive();
        try {
            return new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                    .setForceTextTerminal(true)
                    .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                    .createTerminal();
        } catch (IOException failed) {
            throw new NoTerminalException("cannot open the terminal: " + failed.getMessage());
        }
    }
}
