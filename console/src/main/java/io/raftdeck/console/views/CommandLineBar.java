package io.raftdeck.console.views;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.raftdeck.console.model.ActionOutcome;
import io.raftdeck.console.model.ClusterView;

/** The command line while typing; otherwise the outcome of the last action. */
final class CommandLineBar {

    static final String PROMPT = "command> ";
    static final String IDLE_HINT = "press : or Enter to type a command, ? for help";

    private CommandLineBar() {
    }

    static void draw(TextGraphics graphics, int row, ClusterView view) {
        int width = graphics.getSize().getColumns();
        Pen pen = new Pen(graphics, row);
        if (view.input().open()) {
            String text = view.input().text() + "_";
            int room = width - PROMPT.length();
            // Keep the end of a long line in view: that is where the typing happens.
            String shown = text.length() > room ? text.substring(text.length() - room) : text;
            pen.bold().put(0, PROMPT).plain().put(PROMPT.length(), shown);
            return;
        }
        ActionOutcome outcome = view.lastAction();
        if (outcome == null) {
            pen.color(Palette.DIM).put(0, Text.fit(IDLE_HINT, width)).plain();
            return;
        }
        String prefix = outcome.failed() ? "error: " : "ok: ";
        pen.bold().color(outcome.failed() ? Palette.FAILED : Palette.OK).put(0, prefix).plain();
        pen.put(prefix.length(), Text.clip(outcome.text(), width - prefix.length()));
    }
}
