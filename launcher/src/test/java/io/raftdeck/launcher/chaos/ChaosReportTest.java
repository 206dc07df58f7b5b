package io.raftdeck.launcher.chaos;

import static io.raftdeck.launcher.chaos.RecordedOperations.append;
import static io.raftdeck.launcher.chaos.RecordedOperations.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.History;
import io.raftdeck.history.ObservedLog;
import io.raftdeck.history.Outcome;
import io.raftdeck.history.UniqueAppends;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosReportTest {

    private static final String CONVERGED = "converged 0.1 s";

    private static final History HISTORY = new History(List.of(
            put(1, "k1", "c1-1", 0, 10, Outcome.OK), put(1, "k1", "c1-2", 20, 30, Outcome.OK)));
    private static final List<AppendOperation> APPENDS = List.of(
            append(2, "a2-1", 0, 10, Outcome.OK, "committed at index 2 in term 1"),
            append(2, "a2-2", 20, 30, Outcome.FAIL, "No leader available"),
            append(2, "a2-3", 40, 50, Outcome.UNKNOWN, "outcome unknown: the leader changed"));

    /** The committed log a correct cluster would show for {@link #HISTORY} and the appends. */
    private static CommittedLog honestLog() {
        CommittedLog log = new CommittedLog();
        log.merge(1, 1, 1, "(noop)");
        log.merge(1, 2, 1, "a2-1");
        log.merge(1, 3, 1, "set k1=c1-1 [client 1f #1]");
        log.merge(1, 4, 1, "set k1=c1-2 [client 1f #2]");
        return log;
    }

    private static ChaosReport report(Map<String, String> finalValues, String convergence,
            CommittedLog log) {
        return new ChaosReport(new ChaosSettings(10, 1, 1, 1, 5, 2000), 0, HISTORY, APPENDS,
                List.of(), List.of(), new Unavailability(0, 0), convergence, finalValues,
                LostWrites.check(HISTORY.operations(), finalValues),
                HistoryCheck.verdict(HISTORY), UniqueAppends.check(APPENDS,
                        ObservedLog.of(2, log.highestIndex(), log.commands())),
                new LogCapture.Summary(10, 1, 2, 70, log.size(), log.highestIndex(),
                        log.conflicts(), log.conflictCount()));
    }

    private static ChaosReport report(Map<String, String> finalValues, String convergence) {
        return report(finalValues, convergence, honestLog());
    }

    private static String text(ChaosReport report) {
        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void aLostWriteOrNoConvergenceIsAnAnomalyAndFailsTheRun() {
        // The exit code hangs on anomalies(): a lost write and a stuck cluster must show up.
        assertTrue(report(Map.of("k1", "c1-2"), CONVERGED).anomalies().isEmpty(),
                () -> report(Map.of("k1", "c1-2"), CONVERGED).anomalies().toString());
        assertEquals(1, report(Map.of("k1", "c1-1"), CONVERGED).anomalies().size());
        assertEquals(1, report(Map.of("k1", "c1-2"), "did not converge").anomalies().size());
        assertEquals(1, report(Map.of(), CONVERGED).anomalies().size());
        String text = text(report(Map.of("k1", "c1-1"), CONVERGED));
        assertTrue(text.contains("acknowledged writes lost: 1"), text);
        assertTrue(text.contains("result: FAIL"), text);
    }

    @Test
    void aDuplicatedAppendAndARefusedOneInTheLogAreAnomalies() {
        // Proves every unique-appends anomaly reaches anomalies(), so the run exits 7.
        CommittedLog log = honestLog();
        log.merge(2, 5, 2, "a2-1");
        log.merge(2, 6, 2, "a2-2");
        ChaosReport report = report(Map.of("k1", "c1-2"), CONVERGED, log);
        List<String> anomalies = report.anomalies();
        assertEquals(2, anomalies.size(), anomalies::toString);
        assertTrue(anomalies.get(0).startsWith("duplicate append: append \"a2-1\""),
                anomalies::toString);
        assertTrue(anomalies.get(1).startsWith("refused append in the log: append \"a2-2\""),
                anomalies::toString);
        String text = text(report);
        assertTrue(text.contains("twice in the log: 1; acknowledged but lost: 0; "
                + "refused but present: 1\n    out of real-time order: 0"), text);
    }

    @Test
    void aConflictAtACommittedIndexIsAnAnomaly() {
        // Proves a state machine safety violation seen by the capture fails the run.
        CommittedLog log = honestLog();
        log.merge(3, 3, 2, "set k1=c9-9 [client 9 #1]");
        List<String> anomalies = report(Map.of("k1", "c1-2"), CONVERGED, log)
                .anomalies();
        assertEquals(List.of("log conflict at committed index 3: node 1 has term 1 \"set "
                + "k1=c1-1 [client 1f #1]\", node 3 has term 2 \"set k1=c9-9 [client 9 #1]\""),
                anomalies);
    }

    @Test
    void theReportCountsAppendsByOutcomeAndTheLogsCoverage() {
        // Proves the report lines: appends by outcome and how many made the log, what the
        // check found, the indexes seen of those written during the run, and the capture.
        String text = text(report(Map.of("k1", "c1-2"), CONVERGED));
        assertTrue(text.contains("operations: 2 ok, 0 failed, 0 unknown"), text);
        assertTrue(text.contains("appends: 1 ok, 1 refused, 1 unknown (seed ClientRequests: "
                + "no session, one attempt each)\n    in the log: 1 of the ok, 0 of the "
                + "unknown, 0 of the refused"), text);
        assertTrue(text.contains("log indexes observed: 3 of 3 written during the run; "
                + "unverifiable for gaps: 0 ok, 0 refused"), text);
        assertTrue(text.contains("log capture: 10 reads (1 missed, 2 skipped: nothing new), "
                + "10 ms each\n    committed indexes 1..4, 4 seen; conflicts: 0"), text);
        assertTrue(text.contains("result: PASS, no anomaly"), text);
    }

    @Test
    void aLongListOfAnomaliesIsCutInPrintButCountedInFull() {
        // Proves a bad run stays readable: the count is whole, the lines stop at the bound.
        CommittedLog log = honestLog();
        for (long index = 10; index < 10 + ChaosReport.MAX_ANOMALIES_PRINTED + 5; index++) {
            log.merge(1, index, 3, "x" + index);
            log.merge(2, index, 4, "y" + index);
        }
        ChaosReport report = report(Map.of("k1", "c1-2"), CONVERGED, log);
        String text = text(report);
        assertEquals(ChaosReport.MAX_ANOMALIES_PRINTED + 5, report.anomalies().size());
        assertTrue(text.contains("result: FAIL, " + (ChaosReport.MAX_ANOMALIES_PRINTED + 5)
                + " anomalies:"), text);
        assertTrue(text.contains("    ... and 5 more"), text);
    }
}
