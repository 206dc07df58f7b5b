package io.raftdeck.launcher.chaos;

import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.History;
import io.raftdeck.history.HistoryRecorder;
import io.raftdeck.history.ObservedLog;
import io.raftdeck.history.OperationKind;
import io.raftdeck.history.UniqueAppends;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.launcher.localcluster.LocalCluster;
import io.raftdeck.proto.v1.GetResponse;
import io.raftdeck.proto.v1.NodeStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One chaos run on nodes that are up: wait for a leader, run the workload and the nemesis for
 * the given time while the log capture reads the committed log, heal everything, wait for the
 * nodes to agree, read every key back and every node's log once more, and judge.
 * Every wait is bounded; every thread it starts is stopped before it returns.
 */
final class ChaosRun {

    static final long LEADER_WAIT_MS = 30_000;
    static final long CONVERGENCE_WAIT_MS = 30_000;
    static final long PROGRESS_EVERY_MS = 5_000;
    static final long FINAL_READ_TIMEOUT_MS = 5_000;
    /** A node restart inside the nemesis may take this long before it gives up. */
    static final long NEMESIS_JOIN_MS = 90_000;
    /** The log capture stops after its read in flight, which its deadlines bound. */
    static final long CAPTURE_JOIN_MS = ClusterAdmin.STATUS_TIMEOUT_MS
            + LogCapture.GET_LOG_TIMEOUT_MS + 1_000;

    private final LocalCluster nodes;
    private final ChaosSettings settings;
    private final PrintWriter out;
    private final Path historyFile;

    /** @param historyFile where to write the history at the end, or null for nowhere */
    ChaosRun(LocalCluster nodes, ChaosSettings settings, PrintWriter out, Path historyFile) {
        this.nodes = nodes;
        this.settings = settings;
        this.out = out;
        this.historyFile = historyFile;
    }

    ChaosReport run() throws InterruptedException {
        List<String> keys = ChaosLoad.keys(settings);
        List<PlannedFault> schedule = NemesisSchedule.plan(settings.seed(),
                settings.seconds() * 1000L, List.copyOf(nodes.members().keySet()),
                NemesisSchedule.processFaults(nodes));
        try (ClusterAdmin admin = new ClusterAdmin(nodes.members(), nodes.credentials());
                ClusterAdmin watchAdmin = new ClusterAdmin(nodes.members(), nodes.credentials());
                LogCapture capture = new LogCapture(nodes.members(), nodes.credentials())) {
            awaitLeader(admin);
            // Entries committed before the clients start are not this run's: on a kept data
            // dir or a --cluster they may hold an earlier run's commands of the same names.
            long firstRunIndex = highestCommitIndex(admin) + 1;
            long startNanos = System.nanoTime();
            HistoryRecorder recorder = ChaosLoad.recorder(startNanos);
            LeaderWatch leaderWatch = new LeaderWatch(watchAdmin, startNanos);
            Thread watchThread = ChaosLoad.start("chaos-leader-watch", leaderWatch);
            Thread captureThread = ChaosLoad.start("chaos-log-capture", capture);
            ChaosLoad load = ChaosLoad.start(nodes, settings, schedule, admin, recorder,
                    startNanos);
            Nemesis nemesis = load.nemesis();
            long endNanos;
            try {
                endNanos = runWorkload(load, recorder, startNanos);
                List<String> healFailures = admin.healLinks();
                String convergence = awaitConvergence(admin, healFailures);
                Map<String, String> finalValues = readBack(keys, recorder);
                leaderWatch.stop();
                watchThread.join(ClusterAdmin.CALL_TIMEOUT_MS * 3);
                capture.stop();
                captureThread.join(CAPTURE_JOIN_MS);
                capture.readEach();
                History history = recorder.history();
                List<AppendOperation> appends = recorder.appends();
                writeHistory(history, appends);
                ObservedLog observed = ObservedLog.of(firstRunIndex,
                        Math.max(firstRunIndex - 1, capture.log().highestIndex()),
                        capture.log().commands());
                return new ChaosReport(settings, schedule.size(), history, appends,
                        nemesis.injected(), leaderWatch.sightings(),
                        Unavailability.longest(history, appends, 0, endNanos - startNanos),
                        convergence, finalValues,
                        LostWrites.check(history.operations(), finalValues),
                        HistoryCheck.verdict(history), UniqueAppends.check(appends, observed),
                        capture.summary());
            } finally {
                leaderWatch.stop();
                watchThread.interrupt();
                capture.stop();
                captureThread.interrupt();
            }
        }
    }

    /** The highest commit index any node reports; 0 when none answers. */
    private static long highestCommitIndex(ClusterAdmin admin) throws InterruptedException {
        return admin.statuses().values().stream().filter(Objects::nonNull)
                .mapToLong(NodeStatus::getCommitIndex).max().orElse(0);
    }

    /** Runs clients and nemesis for the run's time; returns when the workload stopped. */
    private long runWorkload(ChaosLoad load, HistoryRecorder history, long startNanos)
            throws InterruptedException {
        long runNanos = TimeUnit.SECONDS.toNanos(settings.seconds());
        Nemesis nemesis = load.nemesis();
        try {
            long everyNanos = TimeUnit.MILLISECONDS.toNanos(PROGRESS_EVERY_MS);
            long nextProgressNanos = startNanos + everyNanos;
            while (System.nanoTime() - startNanos < runNanos) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                if (System.nanoTime() - nextProgressNanos >= 0) {
                    progress(history, nemesis, startNanos, "");
                    nextProgressNanos += everyNanos;
                }
            }
        } finally {
            load.stop(NEMESIS_JOIN_MS);
        }
        long endNanos = System.nanoTime();
        progress(history, nemesis, startNanos, " (stopped; healing)");
        return endNanos;
    }

    private void progress(HistoryRecorder history, Nemesis nemesis, long startNanos,
            String state) {
        HistoryRecorder.Counts counts = history.counts();
        out.printf("raftdeck chaos: %3d s of %d: ops %d ok, %d failed, %d unknown; "
                + "faults %d%s%n", (System.nanoTime() - startNanos) / 1_000_000_000L,
                settings.seconds(), counts.ok(), counts.failed(), counts.unknown(),
                nemesis.injected().size(), state);
        out.flush();
    }

    private void awaitLeader(ClusterAdmin admin) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_WAIT_MS);
        while (admin.leader().isEmpty()) {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new CommandFailure(ExitCodes.NO_LEADER, "no leader elected within "
                        + LEADER_WAIT_MS / 1000 + " s; the chaos run did not start");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /**
     * Waits until every node answers, one leads, and all have applied the same commit index:
     * then nothing is in flight, and the final reads see everything that will ever apply.
     */
    private String awaitConvergence(ClusterAdmin admin, List<String> healFailures)
            throws InterruptedException {
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(CONVERGENCE_WAIT_MS);
        String last = "no status yet";
        while (System.nanoTime() - deadlineNanos < 0) {
            SortedMap<Integer, NodeStatus> statuses = admin.statuses();
            last = disagreement(statuses);
            if (last == null) {
                return String.format("converged %.1f s after the workload stopped, all at "
                        + "index %d", (System.nanoTime() - startNanos) / 1e9,
                        statuses.values().iterator().next().getLastApplied());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        return "did not converge within " + CONVERGENCE_WAIT_MS / 1000 + " s: " + last
                + (healFailures.isEmpty() ? "" : " (heal: " + String.join("; ", healFailures)
                        + ")");
    }

    /** Null when the nodes agree, else what differs. */
    static String disagreement(SortedMap<Integer, NodeStatus> statuses) {
        List<Integer> silent = statuses.entrySet().stream()
                .filter(entry -> entry.getValue() == null).map(Map.Entry::getKey).toList();
        if (!silent.isEmpty()) {
            return "nodes " + silent + " do not answer";
        }
        if (ClusterAdmin.leaderOf(statuses.values()).isEmpty()) {
            return "no leader";
        }
        List<Long> applied = statuses.values().stream().map(NodeStatus::getLastApplied)
                .distinct().toList();
        boolean allCommittedApplied = statuses.values().stream()
                .allMatch(status -> status.getLastApplied() == status.getCommitIndex()
                        && status.getCommitIndex() == status.getLastLogIndex());
        if (applied.size() != 1 || !allCommittedApplied) {
            return "applied indexes " + statuses.values().stream()
                    .map(status -> status.getId() + ":" + status.getLastApplied() + "/"
                            + status.getCommitIndex() + "/" + status.getLastLogIndex())
                    .toList() + " (applied/commit/last)";
        }
        return null;
    }

    /** Reads every key once more, recorded as client 0; a key that cannot be read is left out. */
    private Map<String, String> readBack(List<String> keys, HistoryRecorder history) {
        Map<String, String> values = new LinkedHashMap<>();
        try (ClusterClient client = new ClusterClient(List.copyOf(nodes.members().values()),
                FINAL_READ_TIMEOUT_MS, nodes.credentials())) {
            for (String key : keys) {
                long id = history.invoke(0, OperationKind.GET, key, null, null);
                try {
                    GetResponse answer = WorkloadClient.read(client, key);
                    String value = answer.getFound()
                            ? answer.getValue().toString(StandardCharsets.UTF_8) : null;
                    values.put(key, value);
                    history.ok(id, value);
                } catch (CommandFailure failed) {
                    history.fail(id);
                }
            }
        }
        return values;
    }

    private void writeHistory(History history, List<AppendOperation> appends) {
        if (historyFile == null) {
            return;
        }
        try {
            HistoryFile.write(historyFile, history, appends);
            out.println("raftdeck chaos: history of " + (history.size() + appends.size())
                    + " operations in " + historyFile);
        } catch (IOException e) {
            out.println("raftdeck chaos: could not write the history to " + historyFile + ": "
                    + e.getMessage());
        }
        out.flush();
    }
}
