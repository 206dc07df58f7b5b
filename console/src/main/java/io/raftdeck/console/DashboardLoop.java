package io.raftdeck.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import io.raftdeck.console.state.DashboardState;
import io.raftdeck.console.views.DashboardRenderer;
import java.io.IOException;

/**
 * The UI thread: reads keys, redraws when the state changed or the terminal was resized, and
 * restores the screen however it ends. Drawing goes to the screen's back buffer and refresh
 * sends only the changed cells, which is what keeps the dashboard from flickering.
 */
final class DashboardLoop {

    /** How long the loop waits for a state change before looking at the keyboard again. */
    private static final long KEY_POLL_MS = 20;
    /** How often the chaos line takes the chaos mode's counts: often enough to look live. */
    private static final long CHAOS_REFRESH_MS = 250;

    private final DashboardState state;
    private final DashboardController controller;
    private final DashboardRenderer renderer;
    private final ChaosMode chaos;
    private long chaosRefreshedNanos;

    DashboardLoop(DashboardState state, DashboardController controller,
            DashboardRenderer renderer, ChaosMode chaos) {
        this.state = state;
        this.controller = controller;
        this.renderer = renderer;
        this.chaos = chaos;
    }

    /** Runs until the user quits; the screen is restored on every way out. */
    void run(Terminal terminal) throws IOException {
        TerminalScreen screen = new TerminalScreen(terminal);
        screen.startScreen();
        Throwable failure = null;
        try {
            screen.setCursorPosition(null);
            loop(screen);
        } catch (IOException | RuntimeException | Error thrown) {
            failure = thrown;
            throw thrown;
        } finally {
            stop(screen, failure);
        }
    }

    private void loop(TerminalScreen screen) throws IOException {
        long drawnVersion = -1;
        while (true) {
            for (KeyStroke key = screen.pollInput(); key != null; key = screen.pollInput()) {
                if (controller.handle(key)) {
                    return;
                }
            }
            refreshChaos();
            TerminalSize resized = screen.doResizeIfNecessary();
            long version = state.version();
            if (resized != null || version != drawnVersion) {
                renderer.draw(screen.newTextGraphics(), state.view());
                screen.refresh(resized != null
                        ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
                drawnVersion = version;
            }
            try {
                state.awaitChange(version, KEY_POLL_MS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void refreshChaos() {
        long now = System.nanoTime();
        if (now - chaosRefreshedNanos >= CHAOS_REFRESH_MS * 1_000_000) {
            chaosRefreshedNanos = now;
            state.setChaos(chaos.status());
        }
    }

    private static void stop(TerminalScreen screen, Throwable failure) throws IOException {
        try {
            screen.stopScreen();
        } catch (IOException | RuntimeException stopFailed) {
            if (failure != null) {
                failure.addSuppressed(stopFailed);
                return;
            }
            if (stopFailed instanceof IOException ioFailure) {
                throw ioFailure;
            }
            throw (RuntimeException) stopFailed;
        }
    }
}
