package io.raftdeck.console.views;

import com.googlecode.lanterna.graphics.TextGraphics;

/** The bottom row: every key in one line, in short words when the screen is narrow. */
final class KeyHelpBar {

    static final String FULL = "1-5 select  K kill leader  k kill  r restart  "
            + "p isolate  s split  h heal  : command  w 100 cmds  t transfer  c chaos  m msgs  "
            + "? help  q quit";
    static final String SHORT = "1-5 K k-ldr k kill r up p isol s split "
            + "h heal :cmd w100 t xfer c chaos m msg ? q";

    private KeyHelpBar() {
    }

    static void draw(TextGraphics graphics, int row) {
        int width = graphics.getSize().getColumns();
        String text = FULL.length() <= width ? FULL : SHORT;
        new Pen(graphics, row).reverse().put(0, Text.fit(text, width)).plain();
    }
}
