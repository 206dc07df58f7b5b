package io.raftdeck.launcher.chaos;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The end of a chaos run: what the clients saw, what the nemesis did, and every anomaly. A run
 * passes only with no anomaly: no acknowledged write lost, no unexplained value, a cluster that
 * converged and answered the final reads, and no linearizability violation.
 */
record ChaosReport(ChaosSettings settings, int faultsPlanned, History history,
        List<InjectedFault> faults, List<LeaderWatch.Sighting> leaders,
        Unavailability unavailability, String convergence, Map<String, String> finalValues,
        LostWrites.Verdict lostWrites, String linearizability) {

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
        return anomalies;
    }

    void print(PrintWriter out) {
        out.println();
        out.println("raftdeck chaos report (seed " + settings.seed() + ", " + settings.seconds()
                + " s, " + settings.clients() + " clients, " + settings.keys() + " keys)");
        out.printf("  operations: %d ok, %d failed, %d unknown (puts, cas and gets, final reads "
                + "included)%n", history.count(Operation.Outcome.OK),
                history.count(Operation.Outcome.FAIL), history.count(Operation.Outcome.UNKNOWN));
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
        anomalies.forEach(anomaly -> out.println("    " + anomaly));
        out.flush();
    }
}
