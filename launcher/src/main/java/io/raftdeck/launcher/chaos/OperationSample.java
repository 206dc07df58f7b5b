package io.raftdeck.launcher.chaos;

import io.raftdeck.history.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which operations the page draws. A browser stays responsive with some tens of thousands of
 * SVG bars, not with the millions of a day-long run, so beyond {@code max} it keeps the
 * operations a reader looks for first, the failed and unknown ones (every k-th of them if
 * they alone are too many), and fills the rest with every k-th ok one; the page says so.
 *
 * @param note what was left out, for the page; empty when everything is drawn
 */
record OperationSample(List<PageOperation> drawn, int total, String note) {

    static OperationSample of(List<PageOperation> all, int max) {
        if (all.size() <= max) {
            return new OperationSample(all, all.size(), "");
        }
        List<PageOperation> ok = all.stream().filter(op -> op.outcome() == Outcome.OK).toList();
        List<PageOperation> notOk = all.stream().filter(op -> op.outcome() != Outcome.OK)
                .toList();
        List<PageOperation> keptNotOk = everyKth(notOk, Math.min(notOk.size(), max / 2));
        List<PageOperation> keptOk = everyKth(ok, max - keptNotOk.size());
        List<PageOperation> drawn = new ArrayList<>(keptNotOk);
        drawn.addAll(keptOk);
        drawn.sort(Comparator.comparingLong(PageOperation::invokeNs));
        String note = String.format("This run has %d operations; the timeline and the "
                + "latency points show %d of them: %s failed or unknown of %d, and %d ok of %d "
                + "(evenly spaced). The p50/p99 lines use all %d.", all.size(), drawn.size(),
                keptNotOk.size() == notOk.size() ? "all " + notOk.size() : keptNotOk.size(),
                notOk.size(), keptOk.size(), ok.size(), all.size());
        return new OperationSample(List.copyOf(drawn), all.size(), note);
    }

    /** At most {@code count} of {@code ops}, evenly spaced, first one included. */
    private static List<PageOperation> everyKth(List<PageOperation> ops, int count) {
        if (count >= ops.size()) {
            return ops;
        }
        List<PageOperation> kept = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            kept.add(ops.get((int) ((long) i * ops.size() / count)));
        }
        return kept;
    }
}
