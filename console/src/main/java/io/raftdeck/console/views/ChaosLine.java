package io.raftdeck.console.views;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.raftdeck.console.ChaosStatus;

/**
 * The chaos mode's progress in one line, while it runs and after it stopped: the workload's
 * operations by outcome, the faults injected and the checker's verdict so far. A violation is
 * drawn in the failure colour, so it cannot be missed.
 */
final class ChaosLine {

    static final String NOT_LINEARIZABLE = "NOT linearizable";

    private ChaosLine() {
    }

    static void draw(TextGraphics graphics, int row, ChaosStatus status) {
        int width = graphics.getSize().getColumns();
        Pen pen = new Pen(graphics, row);
        if (status.verdict().startsWith(NOT_LINEARIZABLE)) {
            pen.color(Palette.FAILED).bold();
        } else if (status.running()) {
            pen.bold();
        }
        pen.put(0, Text.fit(text(status), width)).plain();
    }

    static String text(ChaosStatus status) {
        String verdict = status.verdict().lines().findFirst().orElse("");
        // Short words: on an 80-column screen the verdict's first word must still show.
        return (status.running() ? "chaos ON" : "chaos OFF") + "  ok " + status.ok()
                + "  failed " + status.failed() + "  unknown " + status.unknown() + "  faults "
                + status.faults() + (status.running() ? "  so far: " : "  verdict: ")
                + (verdict.isEmpty() ? "checking..." : verdict);
    }
}
