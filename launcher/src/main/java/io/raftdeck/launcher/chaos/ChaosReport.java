package io.raftdeck.launcher.chaos;

import io.raftdeck.history.AppendCheckResult;
import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.History;
import io.raftdeck.history.Outcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end of a chaos run: what the clients saw, what the nemesis did, and every anomaly. A run
 * passes only with no anomaly: no acknowledged write lost, no unexplained value, a cluster that
 * converged and answered the final reads, no linearizability violation, no append in the log
 * twice, lost, refused yet present, out of real-time order or at another index than answered,
 * and no two different entries seen at one committed index.
 *
 * @param history       the key/value operations, final reads included
 * @param appendHistory the append clients' appends
 * @param appends       the unique appends check of the append clients' commands
 * @param capture       what the log capture read, conflicts included
 */
record ChaosReport(ChaosSettings settings, int faultsPlanned, History history,
        List<AppendOperation> appendHistory, List<InjectedFault> faults, List<LeaderWatch.Sighting> leaders,
        Unavailability unavailability, String convergence, Map<String, String> finalValues,
        LostWrites.Verdict lostWrites, String linearizability, AppendCheckResult appends,
        LogCapture.Summary capture) {

    /** Printed anomalies at most; the count says how many there were in all. */
    static final int MAX_ANOMALIES_PRINTED = 50;

    /** Why the run fails; empty when it passes. */
    List<String> anomalies() {
        List<String> anomalies = new ArrayList<>();
        lostWrites.lost().forEach(lost -> anomalies.add("acknowledged write lost: put "
                + lost.put().key() + "=" + lost.put().value() + " by client "
                + lost.put().process() + ", final value " + lost.finalValue()));
        lostWrites.unexplained().forEach(value -> anomalies.add("unexplained final value "
                + value));
        if (!convergence.startsWith("converged")) {
            anomalies.add("cluster " + convergence);
        }
        if (finalValues.size() < settings.keys()) {
            anomalies.add("final reads answered for " + finalValues.size() + " of "
                    + settings.keys() + " keys");
        }
        if (linearizability.startsWith("NOT linearizable")) {
            anomalies.add(linearizability);
        }
        anomalies.addAll(appends.anomalies());
        capture.conflicts().forEach(conflict -> anomalies.add(conflict.toString()));
        int unkept = capture.conflictCount() - capture.conflicts().size();
        if (unkept > 0) {
            anomalies.add("log conflicts at " + unkept + " more committed indexes");
        }
        return anomalies;
    }

    void print(PrintWriter out) {
        out.println();
        out.println("raftdeck chaos report (seed " + settings.seed() + ", " + settings.seconds()
                + " s, " + settings.clients() + " clients, " + settings.appendClients()
                + " append clients, " + settings.keys() + " keys)");
        out.printf("  operations: %d ok, %d failed, %d unknown (puts, cas and gets, final reads "
                + "included)%n", history.count(Outcome.OK), history.count(Outcome.FAIL),
                history.count(Outcome.UNKNOWN));
        printAppends(out);
        long failed = faults.stream().filter(InjectedFault::failedToInject).count();
        out.println("  faults injected: " + (faults.size() - failed) + " of " + faultsPlanned
                + " planned" + (failed == 0 ? "" : " (" + failed + " could not be injected)"));
        faults.forEach(fault -> out.println("    " + fault));
        out.println("  leader changes seen: " + Math.max(0, leaders.size() - 1)
                + " (polled every " + LeaderWatch.POLL_MS + " ms; a lower bound)");
        leaders.forEach(sighting -> out.println("    " + sighting));
        out.printf("  longest unavailability: %.1f s with no acknowledged write "
                + "(%.1f s .. %.1f s)%n", unavailability.lengthMs() / 1000.0,
                unavailability.fromMs() / 1000.0, unavailability.toMs() / 1000.0);
        out.println("  convergence: " + convergence);
        out.println("  final values: " + finalValues);
        out.println("  acknowledged writes lost: " + lostWrites.lost().size()
                + (lostWrites.unexplained().isEmpty() ? ""
                        : "; unexplained values: " + lostWrites.unexplained().size()));
        out.println("  linearizability: " + linearizability);
        List<String> anomalies = anomalies();
        out.println(anomalies.isEmpty() ? "  result: PASS, no anomaly"
                : "  result: FAIL, " + anomalies.size() + " anomalies:");
        anomalies.stream().limit(MAX_ANOMALIES_PRINTED)
                .forEach(anomaly -> out.println("    " + anomaly));
        if (anomalies.size() > MAX_ANOMALIES_PRINTED) {
            out.println("    ... and " + (anomalies.size() - MAX_ANOMALIES_PRINTED)
                    + " more");
        }
        out.flush();
    }

    private void printAppends(PrintWriter out) {
        out.println("  appends: " + appendCount(Outcome.OK) + " ok, "
                + appendCount(Outcome.FAIL) + " refused, "
                + appendCount(Outcome.UNKNOWN) + " unknown (seed ClientRequests: "
                + "no session, one attempt each)");
        out.println("    in the log: " + appends.present(Outcome.OK) + " of the ok, "
                + appends.present(Outcome.UNKNOWN) + " of the unknown, "
                + appends.present(Outcome.FAIL) + " of the refused");
        out.println("    twice in the log: " + appends.duplicates().size()
                + "; acknowledged but lost: " + appends.lost().size()
                + "; refused but present: " + appends.refusedButPresent().size());
        out.println("    out of real-time order: " + appends.orderViolations().size()
                + "; at another index than answered: " + appends.wrongIndexes().size());
        AppendCheckResult.Coverage coverage = appends.coverage();
        out.println("  log indexes observed: " + coverage.observedIndexes() + " of "
                + coverage.spanIndexes() + " written during the run; unverifiable for gaps: "
                + coverage.unverifiedOk() + " ok, " + coverage.unverifiedFailed() + " refused");
        out.printf("  log capture: %d reads (%d missed, %d skipped: nothing new), %.0f ms each%n",
                capture.reads(), capture.missed(), capture.skipped(), capture.meanReadMs());
        out.println("    committed indexes 1.." + capture.highestIndex() + ", "
                + capture.observedIndexes() + " seen; conflicts: " + capture.conflictCount());
    }

    private long appendCount(Outcome outcome) {
        return appendHistory.stream().filter(op -> op.outcome() == outcome).count();
    }
}
