package io.raftdeck.launcher.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/** The summary of a failover benchmark: both times over every round, and the errors seen. */
final class FailoverReport {

    private FailoverReport() {
    }

    static List<String> lines(List<FailoverRound> rounds, String killMethod,
            SortedMap<String, Long> errors) {
        List<String> lines = new ArrayList<>();
        lines.add("result (" + rounds.size() + " rounds, leader stopped by " + killMethod
                + "):");
        lines.add("  kill to new leader seen   " + Spread.of(rounds.stream()
                .map(FailoverRound::leaderMs).toList()).describe());
        lines.add("  kill to first put ok      " + Spread.of(rounds.stream()
                .map(FailoverRound::firstPutMs).toList()).describe());
        // Expected while no node leads: the put in flight at the kill, and any sent before
        // the clients learn the new leader.
        lines.addAll(LoadReport.errorLines("  failed puts ", errors));
        return lines;
    }
}
