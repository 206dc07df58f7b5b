package io.raftdeck.history;

import static io.raftdeck.history.Outcome.FAIL;
import static io.raftdeck.history.Outcome.OK;
import static io.raftdeck.history.Outcome.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-made append histories with a known answer; times are small integers. */
class UniqueAppendsTest {

    private long nextId;

    private AppendOperation append(String command, Outcome outcome, long invoke, long complete,
            long answeredIndex) {
        return new AppendOperation(nextId++, 1, command, outcome, invoke, complete,
                answeredIndex);
    }

    private AppendOperation ok(String command, long invoke, long complete, long index) {
        return append(command, OK, invoke, complete, index);
    }

    private static ObservedLog log(long first, long last, Object... indexThenCommand) {
        Map<Long, String> entries = new HashMap<>();
        for (int i = 0; i < indexThenCommand.length; i += 2) {
            entries.put(((Number) indexThenCommand[i]).longValue(),
                    (String) indexThenCommand[i + 1]);
        }
        return ObservedLog.of(first, last, entries);
    }

    private static AppendCheckResult check(ObservedLog log, AppendOperation... appends) {
        return UniqueAppends.check(List.of(appends), log);
    }

    @Test
    void anHonestHistoryWithEveryOutcomeIsClean() {
        // Proves no rule fires on a correct run: ok in order, refused absent, unknown 0 or 1.
        AppendCheckResult result = check(log(1, 5, 1, "(noop)", 2, "a", 3, "u1", 4, "b",
                        5, "set k=v [client 1 #1]"),
                ok("a", 0, 10, 2), ok("b", 11, 20, 4), append("f", FAIL, 0, 5, 0),
                append("u1", UNKNOWN, 0, 5, 0), append("u2", UNKNOWN, 0, 5, 0));
        assertTrue(result.clean(), result.anomalies()::toString);
        assertEquals(2, result.present(OK));
        assertEquals(1, result.present(UNKNOWN));
        assertEquals(0, result.present(FAIL));
        assertEquals(new AppendCheckResult.Coverage(5, 5, 0, 0), result.coverage());
    }

    @Test
    void ruleA_aCommandInTheLogTwiceIsADuplicateWithItsPositions() {
        // Proves (a): one send, two entries; whatever the outcome, the positions are named.
        for (Outcome outcome : List.of(OK, UNKNOWN)) {
            AppendCheckResult result = check(log(1, 3, 1, "a", 2, "(noop)", 3, "a"),
                    append("a", outcome, 0, 10, outcome == OK ? 1 : 0));
            assertEquals(1, result.duplicates().size(), result.anomalies()::toString);
            assertEquals(List.of(1L, 3L), result.duplicates().get(0).indexes());
            assertEquals(1, result.anomalies().size(), result.anomalies()::toString);
            assertTrue(result.anomalies().get(0).contains("[1, 3]"), result::toString);
        }
    }

    @Test
    void ruleB_anAcknowledgedAppendMissingWhereItsAnswerSaidIsLost() {
        // Proves (b): index 2 was seen and holds another command, and "a" is nowhere.
        AppendCheckResult result = check(log(1, 2, 1, "(noop)", 2, "x"), ok("a", 0, 10, 2));
        assertEquals(1, result.lost().size(), result.anomalies()::toString);
        assertEquals("x", result.lost().get(0).heldThere());
        assertTrue(result.anomalies().get(0).contains("index 2 holds \"x\""), result::toString);
    }

    @Test
    void ruleB_anAcknowledgedAppendWithoutIndexIsLostOnlyFromALogWithoutGaps() {
        // Proves (b) without a named index: the whole span must have been seen to call it lost.
        AppendOperation unnamed = ok("a", 0, 10, AppendOperation.NO_INDEX);
        assertEquals(1, check(log(1, 2, 1, "(noop)", 2, "x"), unnamed).lost().size());
        AppendCheckResult gapped = check(log(1, 3, 1, "(noop)", 2, "x"), unnamed);
        assertTrue(gapped.clean(), gapped.anomalies()::toString);
        assertEquals(1, gapped.coverage().unverifiedOk());
    }

    @Test
    void ruleB_anAcknowledgedAppendWhosePositionWasNotSeenIsCountedNotLost() {
        // Proves coverage: a gap at the named index is unverifiable, never an anomaly.
        AppendCheckResult result = check(log(1, 3, 1, "(noop)", 3, "x"), ok("a", 0, 10, 2));
        assertTrue(result.clean(), result.anomalies()::toString);
        assertEquals(new AppendCheckResult.Coverage(2, 3, 1, 0), result.coverage());
    }

    @Test
    void ruleC_aRefusedAppendInTheLogIsADishonestRefusal() {
        // Proves (c): FAIL promised the command is not in the log.
        AppendCheckResult result = check(log(1, 2, 1, "(noop)", 2, "f"),
                append("f", FAIL, 0, 10, 0));
        assertEquals(List.of(new AppendCheckResult.RefusedButPresent(result.refusedButPresent()
                .get(0).append(), 2)), result.refusedButPresent());
        assertEquals(1, result.anomalies().size(), result.anomalies()::toString);
    }

    @Test
    void ruleC_aRefusedAppendAbsentFromALogWithGapsIsCountedUnverified() {
        // Proves coverage for (c): it may hide in the gap, so it is counted, not cleared.
        AppendCheckResult result = check(log(1, 3, 1, "(noop)"), append("f", FAIL, 0, 10, 0));
        assertTrue(result.clean(), result.anomalies()::toString);
        assertEquals(1, result.coverage().unverifiedFailed());
    }

    @Test
    void ruleD_anAppendCompletedBeforeAnotherWasSentMustBeAtALowerIndex() {
        // Proves (d): "a" was acknowledged before "b" was sent, yet "b" sits first.
        AppendCheckResult result = check(log(1, 2, 1, "b", 2, "a"),
                ok("a", 0, 10, 2), ok("b", 11, 20, 1));
        assertEquals(1, result.orderViolations().size(), result.anomalies()::toString);
        AppendCheckResult.OrderViolation violation = result.orderViolations().get(0);
        assertEquals("a", violation.earlier().command());
        assertEquals("b", violation.later().command());
        assertEquals(2, violation.earlierIndex());
        assertEquals(1, violation.laterIndex());
    }

    @Test
    void ruleD_overlappingAppendsMayCommitInEitherOrder() {
        // Proves (d) constrains only real-time order: overlapping appends are free.
        AppendCheckResult result = check(log(1, 2, 1, "b", 2, "a"),
                ok("a", 0, 10, 2), ok("b", 5, 20, 1));
        assertTrue(result.clean(), result.anomalies()::toString);
    }

    @Test
    void ruleD_anUnknownAppendInTheLogIsOrderedAsTheLaterOneOnly() {
        // Proves the open-ended completion: an unknown one may land after anything, but
        // nothing sent after it gave up may come before an acknowledged one it followed.
        AppendCheckResult unknownFirst = check(log(1, 2, 1, "b", 2, "u"),
                append("u", UNKNOWN, 0, 10, 0), ok("b", 11, 20, 1));
        assertTrue(unknownFirst.clean(), unknownFirst.anomalies()::toString);
        AppendCheckResult unknownLater = check(log(1, 2, 1, "u", 2, "a"),
                ok("a", 0, 10, 2), append("u", UNKNOWN, 11, 20, 0));
        assertEquals(1, unknownLater.orderViolations().size(),
                unknownLater.anomalies()::toString);
    }

    @Test
    void ruleD_theSweepFindsTheSameViolationsAsComparingEveryPair() {
        // Proves the O(n log n) sweep flags exactly the appends a brute-force pair check does.
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<AppendOperation> appends = new ArrayList<>();
            Map<Long, String> entries = new HashMap<>();
            List<Long> freeIndexes = new ArrayList<>();
            for (long index = 1; index <= 20; index++) {
                freeIndexes.add(index);
            }
            Collections.shuffle(freeIndexes, random);
            for (int i = 0; i < 12; i++) {
                long invoke = random.nextInt(100);
                long complete = invoke + random.nextInt(30);
                Outcome outcome = random.nextInt(4) == 0 ? UNKNOWN : OK;
                long index = freeIndexes.get(i);
                appends.add(append("c" + i, outcome, invoke, complete,
                        outcome == OK ? index : 0));
                entries.put(index, "c" + i);
            }
            AppendCheckResult result = UniqueAppends.check(appends,
                    ObservedLog.of(1, 20, entries));
            List<String> flagged = result.orderViolations().stream()
                    .map(violation -> violation.later().command()).sorted().toList();
            assertEquals(bruteForceLater(appends, entries), flagged, "round " + round);
        }
    }

    /** The appends B with some OK append A completed before B's invocation at a higher index. */
    private static List<String> bruteForceLater(List<AppendOperation> appends,
            Map<Long, String> entries) {
        Map<String, Long> indexOf = new HashMap<>();
        entries.forEach((index, command) -> indexOf.put(command, index));
        List<String> later = new ArrayList<>();
        for (AppendOperation b : appends) {
            boolean violated = appends.stream().anyMatch(a -> a.outcome() == OK
                    && a.completeTime() < b.invokeTime()
                    && indexOf.get(a.command()) > indexOf.get(b.command()));
            if (violated) {
                later.add(b.command());
            }
        }
        return later.stream().sorted().toList();
    }

    @Test
    void ruleE_anAcknowledgedAppendAtAnotherIndexThanAnsweredIsReported() {
        // Proves (e): the answer said 2, the log has it at 3.
        AppendCheckResult result = check(log(1, 3, 1, "(noop)", 2, "x", 3, "a"),
                ok("a", 0, 10, 2));
        assertEquals(1, result.wrongIndexes().size(), result.anomalies()::toString);
        assertEquals(3, result.wrongIndexes().get(0).index());
        assertEquals(1, result.anomalies().size(), result.anomalies()::toString);
    }

    @Test
    void entriesOutsideTheSpanAreIgnored() {
        // Proves an earlier run's "a" below the span is neither a duplicate nor a refusal.
        AppendCheckResult result = check(log(3, 4, 1, "a", 2, "f", 3, "(noop)", 4, "a"),
                ok("a", 0, 10, 4), append("f", FAIL, 0, 10, 0));
        assertTrue(result.clean(), result.anomalies()::toString);
        assertEquals(new AppendCheckResult.Coverage(2, 2, 0, 0), result.coverage());
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        // Proves the checker's preconditions: unique commands, an index only on OK.
        assertThrows(IllegalArgumentException.class, () -> check(log(1, 0),
                ok("a", 0, 1, 1), ok("a", 2, 3, 2)));
        assertThrows(IllegalArgumentException.class, () -> append("f", FAIL, 0, 1, 3));
        assertThrows(IllegalArgumentException.class, () -> ok("a", 5, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> log(0, 3));
    }

    @Test
    void aHundredThousandAppendsAreCheckedQuickly() {
        // Proves the check scales as n log n: a long chaos run's appends take well under 5 s.
        List<AppendOperation> appends = new ArrayList<>();
        Map<Long, String> entries = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            appends.add(ok("a" + i, 10L * i, 10L * i + 15, i + 1));
            entries.put((long) i + 1, "a" + i);
        }
        long startNanos = System.nanoTime();
        AppendCheckResult result = UniqueAppends.check(appends,
                ObservedLog.of(1, 100_000, entries));
        assertTrue(result.clean(), () -> result.anomalies().subList(0, 3).toString());
        assertTrue(System.nanoTime() - startNanos < 5_000_000_000L, "took too long");
    }
}
