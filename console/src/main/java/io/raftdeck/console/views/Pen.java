package io.raftdeck.console.views;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;

/**
 * Writes styled text along one screen row. Style calls chain and stay in effect until
 * {@link #plain()}; text that would run past the right edge is cut, never wrapped.
 */
final class Pen {

    private final TextGraphics graphics;
    private final int row;

    Pen(TextGraphics graphics, int row) {
        this.graphics = graphics;
        this.row = row;
        plain();
    }

    Pen put(int column, String text) {
        int room = graphics.getSize().getColumns() - column;
        if (room > 0 && column >= 0) {
            graphics.putString(column, row, text.length() > room ? text.substring(0, room) : text);
        }
        return this;
    }

    Pen color(TextColor foreground) {
        graphics.setForegroundColor(foreground);
        return this;
    }

    Pen background(TextColor background) {
        graphics.setBackgroundColor(background);
        return this;
    }

    Pen bold() {
        graphics.enableModifiers(SGR.BOLD);
        return this;
    }

    Pen reverse() {
        graphics.enableModifiers(SGR.REVERSE);
        return this;
    }

    Pen plain() {
        graphics.clearModifiers();
        graphics.setForegroundColor(Palette.DEFAULT);
        graphics.setBackgroundColor(Palette.DEFAULT);
        return this;
    }
}
