package io.raftdeck.launcher.chaos;

import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.History;
import io.raftdeck.history.HistoryBuilder;
import io.raftdeck.history.ObservedLog;
import io.raftdeck.history.Outcome;
import io.raftdeck.history.UniqueAppends;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Chaos reports made by hand for the report page's tests, with times in ns as chaos records. */
final class ReportFixtures {

    static final List<Integer> MEMBERS = List.of(1, 2, 3, 4, 5);
    static final long MS = 1_000_000;

    private ReportFixtures() {
    }

    /** A passing report of {@code history} and {@code appends} under {@code faults}. */
    static ChaosReport report(History history, List<AppendOperation> appends,
            List<InjectedFault> faults, List<LeaderWatch.Sighting> leaders) {
        Map<String, String> finalValues = new LinkedHashMap<>();
        history.byKey().keySet().forEach(key -> finalValues.put(key, null));
        CommittedLog log = new CommittedLog();
        return new ChaosReport(new ChaosSettings(30, 2, 1, finalValues.size(), 7, 2000),
                faults.size(), history, appends, faults, leaders, new Unavailability(0, 0),
                "converged 0.1 s after the workload stopped, all at index 1", finalValues,
                new LostWrites.Verdict(List.of(), List.of()),
                "linearizable: not checked (a hand-made history)",
                UniqueAppends.check(appends, ObservedLog.of(1, 0, log.commands())),
                new LogCapture.Summary(1, 0, 0, 1, 0, 0, log.conflicts(), 0));
    }

    /**
     * A seeded 30 s run as chaos would record it: five clients doing puts, gets and cas on
     * five keys, an append client, a kill, a pause and a partition, and two leader changes;
     * the operations during a fault slow down, time out or fail, as they do on a real cluster.
     */
    static ChaosReport sampleRun(long seed) {
        Random random = new Random(seed);
        List<InjectedFault> faults = List.of(
                new InjectedFault(FaultKind.KILL, List.of(1), 4_000, 9_000, ""),
                new InjectedFault(FaultKind.PAUSE, List.of(4), 12_000, 15_500, ""),
                new InjectedFault(FaultKind.SPLIT, List.of(2, 3), 19_000, 24_000, ""),
                new InjectedFault(FaultKind.TRANSFER, List.of(2, 5), 26_000, 26_100, ""));
        List<LeaderWatch.Sighting> leaders = List.of(new LeaderWatch.Sighting(0, 1, 2),
                new LeaderWatch.Sighting(5_200, 3, 3), new LeaderWatch.Sighting(26_150, 5, 4));
        HistoryBuilder history = new HistoryBuilder();
        for (int process = 1; process <= 5; process++) {
            long t = random.nextInt(20) * MS;
            int n = 0;
            while (t < 30_000 * MS) {
                String key = "k" + (1 + random.nextInt(5));
                boolean troubled = during(faults, t) && random.nextInt(3) > 0;
                long latency = troubled ? (200 + random.nextInt(1800)) * MS
                        : (2 + random.nextInt(12)) * MS + random.nextInt(1_000_000);
                Outcome outcome = !troubled ? Outcome.OK
                        : latency > 1_500 * MS ? Outcome.UNKNOWN : Outcome.FAIL;
                switch (random.nextInt(3)) {
                    case 0 -> history.put(process, key, "c" + process + "-" + ++n, t, t + latency,
                            outcome);
                    case 1 -> {
                        if (outcome == Outcome.OK) {
                            history.get(process, key, "c1-" + n, t, t + latency);
                        } else {
                            history.get(process, key, t, t + latency, outcome);
                        }
                    }
                    default -> history.cas(process, key, "c1-" + n, "c" + process + "-" + ++n,
                            t, t + latency, outcome);
                }
                t += latency + random.nextInt(30) * MS;
            }
        }
        List<AppendOperation> appends = new ArrayList<>();
        long t = 0;
        for (int n = 1; t < 30_000 * MS; n++) {
            boolean troubled = during(faults, t);
            long latency = (troubled ? 300 + random.nextInt(1500) : 3 + random.nextInt(15)) * MS;
            Outcome outcome = troubled ? Outcome.UNKNOWN : Outcome.OK;
            appends.add(new AppendOperation(n, 6, "a6-" + n, outcome, t, t + latency,
                    outcome == Outcome.OK ? n : AppendOperation.NO_INDEX,
                    outcome == Outcome.OK ? "committed at index " + n : "deadline exceeded"));
            t += latency + random.nextInt(60) * MS;
        }
        return report(history.build(), appends, faults, leaders);
    }

    private static boolean during(List<InjectedFault> faults, long ns) {
        return faults.stream().anyMatch(f -> f.kind() != FaultKind.TRANSFER
                && ns >= f.startMs() * MS && ns < (f.startMs() + 1_500) * MS);
    }
}
