package io.raftdeck.launcher.chaos;

import io.raftdeck.history.History;
import io.raftdeck.history.LinearizabilityChecker;

/**
 * The chaos run's linearizability verdict: its key/value operations, final reads included,
 * handed to the project's Wing-Gong/Lowe checker ({@link LinearizabilityChecker}). The text
 * starts with "NOT linearizable" on a violation, which the report counts as an anomaly; a
 * search that gave up within its budget says "unknown" and is reported, not counted. A cas
 * that did not swap is recorded as failed, so the checker treats it as never having happened.
 * Appends are recorded apart and never reach it ({@link io.raftdeck.history.UniqueAppends}
 * judges them).
 */
final class HistoryCheck {

    private HistoryCheck() {
    }

    static String verdict(History history) {
        return new LinearizabilityChecker().check(history).report();
    }
}
