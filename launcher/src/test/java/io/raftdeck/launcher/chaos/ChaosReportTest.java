package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.launcher.chaos.Operation.Kind;
import io.raftdeck.launcher.chaos.Operation.Outcome;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosReportTest {

    private static ChaosReport report(Map<String, String> finalValues, String convergence) {
        History history = new History();
        history.add(new Operation(1, Kind.PUT, "k1", "c1-1", 0, 10, Outcome.OK, null));
        history.add(new Operation(1, Kind.PUT, "k1", "c1-2", 20, 30, Outcome.OK, null));
        return new ChaosReport(new ChaosSettings(10, 1, 1, 5, 2000), 0, history, List.of(),
                List.of(), new Unavailability(0, 0), convergence, finalValues,
                LostWrites.check(history.operations(), finalValues),
                HistoryCheck.verdict(history.operations()));
    }

    @Test
    void aLostWriteOrNoConvergenceIsAnAnomalyAndFailsTheRun() {
        // The exit code hangs on anomalies(): a lost write and a stuck cluster must show up.
        assertTrue(report(Map.of("k1", "c1-2"), "converged 0.1 s").anomalies().isEmpty());
        assertEquals(1, report(Map.of("k1", "c1-1"), "converged 0.1 s").anomalies().size());
        assertEquals(1, report(Map.of("k1", "c1-2"), "did not converge").anomalies().size());
        assertEquals(1, report(Map.of(), "converged 0.1 s").anomalies().size());
        StringWriter text = new StringWriter();
        report(Map.of("k1", "c1-1"), "converged 0.1 s").print(new PrintWriter(text));
        assertTrue(text.toString().contains("acknowledged writes lost: 1"), text::toString);
        assertTrue(text.toString().contains("result: FAIL"), text::toString);
    }
}
