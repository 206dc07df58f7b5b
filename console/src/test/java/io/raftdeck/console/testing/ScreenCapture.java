package io.raftdeck.console.testing;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.views.DashboardRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Draws a view on Lanterna's virtual terminal and reads back what a user would see. */
public final class ScreenCapture {

    private final DefaultVirtualTerminal terminal;

    private ScreenCapture(DefaultVirtualTerminal terminal) {
        this.terminal = terminal;
    }

    public static ScreenCapture render(ClusterView view, int columns, int rows) {
        DefaultVirtualTerminal terminal =
                new DefaultVirtualTerminal(new TerminalSize(columns, rows));
        try {
            TerminalScreen screen = new TerminalScreen(terminal);
            screen.startScreen();
            new DashboardRenderer(ZoneOffset.UTC).draw(screen.newTextGraphics(), view);
            screen.refresh();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return new ScreenCapture(terminal);
    }

    public static ScreenCapture of(DefaultVirtualTerminal terminal) {
        return new ScreenCapture(terminal);
    }

    public List<String> lines() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> lines = new ArrayList<>();
        for (int row = 0; row < size.getRows(); row++) {
            lines.add(line(row));
        }
        return lines;
    }

    public String line(int row) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < terminal.getTerminalSize().getColumns(); column++) {
            line.append(terminal.getCharacter(column, row).getCharacterString());
        }
        return line.toString();
    }

    public String text() {
        return String.join("\n", lines());
    }

    public TextCharacter at(int column, int row) {
        return terminal.getCharacter(column, row);
    }

    /** The first row containing {@code needle}, or -1. */
    public int rowOf(String needle) {
        List<String> lines = lines();
        for (int row = 0; row < lines.size(); row++) {
            if (lines.get(row).contains(needle)) {
                return row;
            }
        }
        return -1;
    }
}
