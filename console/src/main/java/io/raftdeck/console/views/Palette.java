package io.raftdeck.console.views;

import com.googlecode.lanterna.TextColor;
import io.raftdeck.console.model.EventKind;
import io.raftdeck.console.model.Reachability;
import io.raftdeck.console.model.Role;

/**
 * The dashboard's colours. Colour only ever repeats what the text already says (role words,
 * state words, term digits), so the screen reads the same on a terminal without colours.
 */
final class Palette {

    static final TextColor DEFAULT = TextColor.ANSI.DEFAULT;
    static final TextColor DIM = TextColor.ANSI.BLACK_BRIGHT;
    static final TextColor TITLE_BACKGROUND = TextColor.ANSI.BLUE;
    static final TextColor TITLE_FOREGROUND = TextColor.ANSI.WHITE_BRIGHT;
    static final TextColor OK = TextColor.ANSI.GREEN;
    static final TextColor FAILED = TextColor.ANSI.RED_BRIGHT;

    private static final TextColor[] TERM_COLORS = {
        TextColor.ANSI.BLUE, TextColor.ANSI.GREEN, TextColor.ANSI.YELLOW,
        TextColor.ANSI.MAGENTA, TextColor.ANSI.CYAN, TextColor.ANSI.RED,
    };

    private Palette() {
    }

    static TextColor role(Role role) {
        return switch (role) {
            case LEADER -> TextColor.ANSI.GREEN_BRIGHT;
            case CANDIDATE -> TextColor.ANSI.YELLOW_BRIGHT;
            case PRE_CANDIDATE -> TextColor.ANSI.YELLOW;
            case FOLLOWER -> TextColor.ANSI.CYAN;
            case STOPPED -> TextColor.ANSI.RED_BRIGHT;
            case UNKNOWN -> DEFAULT;
        };
    }

    static TextColor reachability(Reachability reachability) {
        return switch (reachability) {
            case UP -> TextColor.ANSI.GREEN;
            case ISOLATED -> TextColor.ANSI.MAGENTA_BRIGHT;
            case DOWN -> TextColor.ANSI.RED_BRIGHT;
            case UNREACHABLE -> TextColor.ANSI.RED;
            case WAITING -> DIM;
        };
    }

    /** Neighbouring terms get different colours, so a new term stands out in the log. */
    static TextColor term(long term) {
        return TERM_COLORS[(int) Math.floorMod(term, (long) TERM_COLORS.length)];
    }

    static TextColor event(EventKind kind) {
        return switch (kind) {
            case ELECTION, TIMER -> TextColor.ANSI.YELLOW;
            case VOTE -> TextColor.ANSI.YELLOW;
            case LEADER -> TextColor.ANSI.GREEN_BRIGHT;
            case NODE -> TextColor.ANSI.RED_BRIGHT;
            case NETWORK -> TextColor.ANSI.MAGENTA_BRIGHT;
            case COMMAND, CLIENT -> TextColor.ANSI.CYAN;
            case COMMIT, APPEND, SNAPSHOT -> TextColor.ANSI.BLUE_BRIGHT;
            case DROPPED -> TextColor.ANSI.RED;
            case ACTION -> TextColor.ANSI.WHITE_BRIGHT;
            case ERROR -> TextColor.ANSI.RED;
        };
    }
}
