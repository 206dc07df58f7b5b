package io.raftdeck.launcher.snapshot;

import java.io.PrintWriter;

/**
 * A line on stderr at every tenth of a big transfer ("received 48.0 of 120.0 MiB (40%)"), so an
 * operator sees a long save or restore move; silent for small ones.
 */
final class Progress {

    /** Below this a transfer takes well under a second: no progress lines. */
    static final long SHOWN_FROM_BYTES = 16L << 20;

    private final PrintWriter err;
    private final String verb;
    private final long totalBytes;
    private int shownTenths;

    Progress(PrintWriter err, String verb, long totalBytes) {
        this.err = err;
        this.verb = verb;
        this.totalBytes = totalBytes;
    }

    void advanced(long doneBytes) {
        if (totalBytes < SHOWN_FROM_BYTES) {
            return;
        }
        int tenths = (int) (doneBytes * 10 / totalBytes);
        if (tenths > shownTenths) {
            shownTenths = tenths;
            err.printf("%s %.1f of %.1f MiB (%d%%)%n", verb, doneBytes / 1048576.0,
                    totalBytes / 1048576.0, tenths * 10);
            err.flush();
        }
    }
}
