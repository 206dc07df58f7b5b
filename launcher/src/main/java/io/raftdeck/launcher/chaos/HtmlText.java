package io.raftdeck.launcher.chaos;

/**
 * Text put into the report page's markup. Every string from a run (keys, values, answers,
 * notes) goes through here or, inside the page's data, through gson, whose default escaping
 * writes {@code <}, {@code >}, {@code &}, {@code '} and {@code =} as {@code \u003c}-style
 * escapes, so no data can close the script element it sits in.
 */
final class HtmlText {

    private HtmlText() {
    }

    /** {@code text} safe as element content or a quoted attribute value, in HTML and XHTML. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // XML 1.0 forbids most control characters even as references.
                    out.append(c < 0x20 && c != '\n' && c != '\r' && c != '\t' ? '\uFFFD' : c);
                }
            }
        }
        return out.toString();
    }
}
