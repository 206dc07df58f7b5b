package io.raftdeck.console.views;

/** Fitting text into columns. */
final class Text {

    private Text() {
    }

    /** {@code text} cut or padded with spaces to exactly {@code width} characters. */
    static String fit(String text, int width) {
        if (width <= 0) {
            return "";
        }
        if (text.length() >= width) {
            return text.substring(0, width);
        }
        return text + " ".repeat(width - text.length());
    }

    /** {@code text} right-aligned in {@code width} characters, cut on the left if too long. */
    static String right(String text, int width) {
        if (width <= 0) {
            return "";
        }
        if (text.length() >= width) {
            return text.substring(text.length() - width);
        }
        return " ".repeat(width - text.length()) + text;
    }

    /** {@code text} cut to {@code width}, marking the cut with "..." when there is room. */
    static String clip(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        if (width <= 3) {
            return text.substring(0, Math.max(0, width));
        }
        return text.substring(0, width - 3) + "...";
    }
}
