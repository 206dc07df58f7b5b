package io.raftdeck.history;

import static io.raftdeck.history.LinearizabilityCheckerTest.summaries;
import static io.raftdeck.history.Outcome.OK;
import static io.raftdeck.history.Outcome.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The smallest failing part: small, and never an anomaly invented by the cutting. */
class HistoryShrinkerTest {

    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    @Test
    void neverDropsTheDeleteThatExplainsAnAbsentRead() {
        // Proves cutting is sound: {put a, get absent} is smaller but only fails without delete.
        HistoryBuilder history = new HistoryBuilder()
                .put(1, "x", "a", 0, 1, OK)
                .delete(2, "x", 2, 3, OK)
                .get(3, "x", null, 4, 5)
                .put(1, "x", "b", 6, 7, OK)
                .put(2, "x", "c", 8, 9, OK)
                .get(3, "x", "b", 10, 11);
        CheckResult result = checker.check(history.build());
        assertEquals(List.of("put b", "put c", "get b"), summaries(result.smallestFailure()));
    }

    @Test
    void keepsTheUnknownWriteThatAReadSaw() {
        // Proves a read's only possible source is kept, though its client never heard back.
        HistoryBuilder history = new HistoryBuilder()
                .put(1, "x", "a", 0, 1, OK)
                .put(2, "x", "b", 2, 3, UNKNOWN)
                .get(3, "x", "b", 4, 5)
                .get(3, "x", "a", 6, 7);
        CheckResult result = checker.check(history.build());
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals(List.of("put a", "put b", "get b", "get a"),
                summaries(result.smallestFailure()));
    }

    @Test
    void unobservedUnknownWritesDoNotMultiplyTheSearch() {
        // Proves unseen timed-out writes are left out: 30 of them would mean 2^30 states.
        HistoryBuilder history = new HistoryBuilder();
        for (int i = 0; i < 30; i++) {
            history.put(10 + i, "x", "lost" + i, i, i + 1, UNKNOWN);
        }
        history.put(1, "x", "a", 100, 101, OK)
                .put(2, "x", "b", 102, 103, OK)
                .get(3, "x", "a", 104, 105);
        CheckResult result = new LinearizabilityChecker(1_000, 10_000).check(history.build());
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result.report());
        assertEquals(List.of("put a", "put b", "get a"), summaries(result.smallestFailure()));
    }
}
