package io.raftdeck.history;

import static io.raftdeck.history.Outcome.FAIL;
import static io.raftdeck.history.Outcome.OK;
import static io.raftdeck.history.Outcome.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made histories with a known answer; times are small integers. */
class LinearizabilityCheckerTest {

    private final LinearizabilityChecker checker = new LinearizabilityChecker();

    private Verdict verdict(HistoryBuilder history) {
        return checker.check(history.build()).verdict();
    }

    @Test
    void emptyHistoryIsLinearizable() {
        // Proves nothing at all is trivially explained, and a key starts absent.
        assertEquals(Verdict.LINEARIZABLE, verdict(new HistoryBuilder()));
        assertEquals(Verdict.LINEARIZABLE, verdict(new HistoryBuilder().get(1, "x", null, 0, 1)));
    }

    @Test
    void sequentialHistoryOfEveryKindIsLinearizable() {
        // Proves each operation kind is modelled: put, get, cas, delete one after another.
        HistoryBuilder history = new HistoryBuilder()
                .put(1, "x", "a", 0, 1, OK)
                .get(2, "x", "a", 2, 3)
                .cas(1, "x", "a", "b", 4, 5, OK)
                .get(2, "x", "b", 6, 7)
                .delete(1, "x", 8, 9, OK)
                .get(2, "x", null, 10, 11)
                .cas(1, "x", null, "c", 12, 13, OK)
                .get(2, "x", "c", 14, 15);
        assertEquals(Verdict.LINEARIZABLE, verdict(history));
    }

    @Test
    void readingAValueNobodyWroteIsNotLinearizable() {
        // Proves reads are checked against the model: "z" was never written.
        HistoryBuilder history = new HistoryBuilder()
                .put(1, "x", "a", 0, 1, OK)
                .get(2, "x", "z", 2, 3);
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(history));
    }

    @Test
    void overlappingWritesAreOrderedByWhatLaterReadsSaw() {
        // Proves the search finds the one order that works: b before a, though a began first.
        HistoryBuilder history = new HistoryBuilder()
                .put(1, "x", "a", 0, 10, OK)
                .put(2, "x", "b", 2, 8, OK)
                .get(3, "x", "a", 12, 14)
                .get(4, "x", "a", 15, 16);
        assertEquals(Verdict.LINEARIZABLE, verdict(history));
    }

    @Test
    void readsThatNeedBothOrdersOfTwoWritesAreNotLinearizable() {
        // Proves one order must explain all reads: after both writes, a then b cannot both show.
        HistoryBuilder history = new HistoryBuilder()
                .put(1, "x", "a", 0, 10, OK)
                .put(2, "x", "b", 2, 8, OK)
                .get(3, "x", "a", 12, 14)
                .get(4, "x", "b", 15, 16);
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(history));
    }

    @Test
    void readConcurrentWithAWriteMaySeeEitherValue() {
        // Proves concurrency is honoured: a read overlapping a write may see before or after.
        HistoryBuilder before = new HistoryBuilder()
                .put(1, "x", "a", 0, 1, OK)
                .put(1, "x", "b", 2, 10, OK)
                .get(2, "x", "a", 3, 4)
                .get(3, "x", "b", 5, 6);
        assertEquals(Verdict.LINEARIZABLE, verdict(before));
    }

    @Test
    void staleReadIsCaughtAndShownAsTheThreeOperationsThatExplainIt() {
        // Proves the classic stale read fails, and the report cuts the noise down to its core.
        HistoryBuilder history = new HistoryBuilder()
                .put(4, "x", "old", -20, -19, OK)
                .get(5, "x", "old", -18, -17)
                .put(1, "x", "a", 0, 1, OK)
                .get(5, "x", "a", 1, 2)
                .put(2, "x", "b", 2, 3, OK)
                .get(3, "x", "a", 4, 5)
                .get(5, "x", "b", 6, 7);
        CheckResult result = checker.check(history.build());
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals("x", result.failingKey());
        assertEquals(List.of("put a", "put b", "get a"), summaries(result.smallestFailure()));
        String report = result.report();
        assertTrue(report.contains("get x -> \"a\""), report);
        assertTrue(report.contains("t=4..5"), report);
        assertTrue(report.contains("process 3"), report);
    }

    @Test
    void lostUpdateFromTwoSuccessfulCompareAndSetsIsNotLinearizable() {
        // Proves two CAS from the same value cannot both succeed: one must see the other's write.
        HistoryBuilder lost = new HistoryBuilder()
                .put(1, "x", "0", 0, 1, OK)
                .cas(2, "x", "0", "1", 2, 5, OK)
                .cas(3, "x", "0", "2", 3, 6, OK);
        CheckResult result = checker.check(lost.build());
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals(List.of("put 0", "cas 0 1", "cas 0 2"), summaries(result.smallestFailure()));
        HistoryBuilder oneFailed = new HistoryBuilder()
                .put(1, "x", "0", 0, 1, OK)
                .cas(2, "x", "0", "1", 2, 5, OK)
                .cas(3, "x", "0", "2", 3, 6, FAIL);
        assertEquals(Verdict.LINEARIZABLE, verdict(oneFailed));
    }

    @Test
    void unknownWriteMayHaveHappenedOrNot() {
        // Proves a timed-out put is optional: reads may see it, or never see it.
        assertEquals(Verdict.LINEARIZABLE, verdict(unknownPutThenReads("a")));
        assertEquals(Verdict.LINEARIZABLE, verdict(unknownPutThenReads("b")));
    }

    @Test
    void unknownWriteMayTakeEffectLongAfterTheClientGaveUp() {
        // Proves an unknown put has no deadline: first unseen, then seen much later, is fine.
        HistoryBuilder late = unknownPutThenReads("a").get(3, "x", "b", 100, 101);
        assertEquals(Verdict.LINEARIZABLE, verdict(late));
        // ... but once seen it cannot be unseen: no write brings "a" back.
        HistoryBuilder undone = unknownPutThenReads("b").get(3, "x", "a", 100, 101);
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(undone));
    }

    @Test
    void unknownWriteCannotTakeEffectBeforeItWasInvoked() {
        // Proves an unknown put is still bound by its invocation time.
        HistoryBuilder early = new HistoryBuilder()
                .get(1, "x", "b", 0, 1)
                .put(2, "x", "b", 5, 6, UNKNOWN);
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict(early));
    }

    private static HistoryBuilder unknownPutThenReads(String seen) {
        return new HistoryBuilder()
                .put(1, "x", "a", 0, 1, OK)
                .put(2, "x", "b", 2, 3, UNKNOWN)
                .get(3, "x", seen, 4, 5);
    }

    @Test
    void failedWriteMustNotBeVisible() {
        // Proves a definitely-failed put is removed: reading its value is an anomaly.
        HistoryBuilder visible = new HistoryBuilder()
                .put(1, "x", "a", 0, 1, OK)
                .put(2, "x", "b", 2, 3, FAIL)
                .get(3, "x", "b", 4, 5);
        CheckResult result = checker.check(visible.build());
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertTrue(summaries(result.smallestFailure()).contains("put b"),
                "the report shows where the value came from: " + result.report());
        HistoryBuilder invisible = new HistoryBuilder()
                .put(1, "x", "a", 0, 1, OK)
                .put(2, "x", "b", 2, 3, FAIL)
                .get(3, "x", "a", 4, 5);
        assertEquals(Verdict.LINEARIZABLE, verdict(invisible));
    }

    @Test
    void keysAreIndependentRegisters() {
        // Proves keys are checked apart: as one register this would be a stale read of x.
        HistoryBuilder twoKeys = new HistoryBuilder()
                .put(1, "x", "1", 0, 1, OK)
                .put(2, "y", "2", 2, 3, OK)
                .get(3, "x", "1", 4, 5)
                .get(3, "y", "2", 6, 7);
        assertEquals(Verdict.LINEARIZABLE, verdict(twoKeys));
    }

    @Test
    void aViolationIsAttributedToItsOwnKeyOnly() {
        // Proves per-key verdicts: y's stale read does not taint x.
        HistoryBuilder history = new HistoryBuilder()
                .put(1, "x", "1", 0, 1, OK)
                .put(1, "y", "a", 0, 1, OK)
                .put(2, "y", "b", 2, 3, OK)
                .get(3, "y", "a", 4, 5)
                .get(3, "x", "1", 4, 5);
        CheckResult result = checker.check(history.build());
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals(List.of("y"), result.keysWith(Verdict.NOT_LINEARIZABLE));
        assertEquals(List.of("x"), result.keysWith(Verdict.LINEARIZABLE));
        assertEquals("y", result.failingKey());
    }

    @Test
    void searchGivesUpWithUnknownWhenItsBudgetRunsOut() {
        // Proves the budget holds: a tiny one yields UNKNOWN, not a hang and not a guess.
        HistoryBuilder history = new HistoryBuilder();
        for (int i = 0; i < 10; i++) {
            history.put(i, "x", "v" + i, 0, 100, OK);
        }
        history.get(99, "x", "v0", 101, 102);
        CheckResult starved = new LinearizabilityChecker(5, 0).check(history.build());
        assertEquals(Verdict.UNKNOWN, starved.verdict());
        assertTrue(starved.report().startsWith("unknown"), starved.report());
        assertEquals(Verdict.LINEARIZABLE, verdict(history));
    }

    /** "put a", "get a", "cas 0 1": enough to compare a shrunk history with the expected one. */
    static List<String> summaries(List<Operation> operations) {
        return operations.stream().map(operation -> switch (operation.kind()) {
            case PUT -> "put " + operation.value();
            case GET -> "get " + operation.result();
            case CAS -> "cas " + operation.expected() + " " + operation.value();
            case DELETE -> "delete";
        }).toList();
    }
}
