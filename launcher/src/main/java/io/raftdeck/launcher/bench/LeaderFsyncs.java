package io.raftdeck.launcher.bench;

import java.util.Locale;

/**
 * The leader's fsync figures over the measured window: fsyncs per second and entries made
 * durable per fsync (how much group commit batches), from its counters at both ends. Only
 * meaningful when one node led throughout; otherwise it says why there is no figure.
 *
 * @param unavailable why there is no figure, or null when there is one
 */
record LeaderFsyncs(int leaderId, long fsyncs, long entries, double seconds,
        String unavailable) {

    static LeaderFsyncs between(PersistSample start, PersistSample end) {
        if (start == null || end == null) {
            return none("no leader answered at the " + (start == null ? "start" : "end")
                    + " of the window");
        }
        if (start.leaderId() != end.leaderId() || start.term() != end.term()) {
            return none("the leader changed during the window (node " + start.leaderId()
                    + " in term " + start.term() + ", then node " + end.leaderId() + " in term "
                    + end.term() + ")");
        }
        if (end.walSaves() == 0) {
            return none("node " + end.leaderId() + " reports no WAL counters (an older "
                    + "raftdeck node?)");
        }
        return new LeaderFsyncs(end.leaderId(), end.walSaves() - start.walSaves(),
                end.entriesPersisted() - start.entriesPersisted(),
                (end.atNanos() - start.atNanos()) / 1e9, null);
    }

    private static LeaderFsyncs none(String why) {
        return new LeaderFsyncs(0, 0, 0, 0, why);
    }

    double perSecond() {
        return seconds > 0 ? fsyncs / seconds : 0;
    }

    double entriesPerFsync() {
        return fsyncs > 0 ? (double) entries / fsyncs : 0;
    }

    String describe() {
        if (unavailable != null) {
            return "not available: " + unavailable;
        }
        return String.format(Locale.ROOT, "node %d: %,.1f fsyncs/s, %.2f entries per fsync "
                        + "(%,d fsyncs, %,d entries in %.2f s)", leaderId, perSecond(),
                entriesPerFsync(), fsyncs, entries, seconds);
    }
}
