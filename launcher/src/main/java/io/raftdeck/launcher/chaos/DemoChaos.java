package io.raftdeck.launcher.chaos;

import io.raftdeck.console.ChaosMode;
import io.raftdeck.console.ChaosStatus;
import io.raftdeck.history.HistoryRecorder;
import io.raftdeck.launcher.localcluster.LocalCluster;
import io.raftdeck.launcher.localcluster.RemoteCluster;
import io.raftdeck.node.NodeAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo dashboard's chaos mode (key c): the chaos run's workload clients and nemesis on the
 * demo's nodes until stopped, with the history checked for linearizability every few seconds
 * on one background thread. Only link faults and leadership transfers are injected: killing a
 * node is left to the dashboard's own keys, which keep its lifecycle marks right.
 *
 * <p>The check while running looks at a settled prefix (see {@link SettledPrefix}); the check
 * at stop sees the whole history, every client having finished.
 */
public final class DemoChaos implements ChaosMode, AutoCloseable {

    static final int CLIENTS = 3;
    /**
     * No append clients: their check needs the committed log read from the nodes throughout
     * (the timed run's {@link LogCapture}) and judges only at the end, while this mode's
     * verdict line is the linearizability check it repeats as it runs.
     */
    static final int APPEND_CLIENTS = 0;
    static final int KEYS = 3;
    /** Short, so stopping (which waits out each client's request) stays quick. */
    static final long REQUEST_TIMEOUT_MS = 1_000;
    /** The nemesis plans this far ahead; the mode is meant to run minutes, not hours. */
    static final int SCHEDULE_SECONDS = 3_600;
    static final long CHECK_EVERY_MS = 5_000;
    /** Link heals and transfers answer within a few admin call timeouts. */
    static final long NEMESIS_JOIN_MS = 4 * ClusterAdmin.CALL_TIMEOUT_MS;
    private static final long CHECKER_JOIN_MS = 10_000;

    private final LocalCluster nodes;
    private final long seed;
    private volatile Run run;
    private volatile ChaosStatus last = ChaosStatus.IDLE;

    /** One start..stop: what {@link #status()} reads while it goes on. */
    private record Run(ClusterAdmin admin, HistoryRecorder history, ChaosLoad load,
            ScheduledExecutorService checker, long startNanos,
            AtomicReference<String> verdict) {
    }

    /**
     * @param members the demo's nodes, seen as a cluster given by address: their lifecycle
     *                belongs to the dashboard's keys, so the nemesis neither kills nor pauses
     * @param seed    seeds the nemesis schedule and the clients' choices, the same every run
     */
    public DemoChaos(SortedMap<Integer, NodeAddress> members, long seed) {
        this.nodes = new RemoteCluster(members);
        this.seed = seed;
    }

    @Override
    public synchronized void start() {
        if (run != null) {
            return;
        }
        ChaosSettings settings = new ChaosSettings(SCHEDULE_SECONDS, CLIENTS, APPEND_CLIENTS,
                KEYS, seed, REQUEST_TIMEOUT_MS);
        List<PlannedFault> schedule = NemesisSchedule.plan(seed, SCHEDULE_SECONDS * 1000L,
                List.copyOf(nodes.members().keySet()), NemesisSchedule.processFaults(nodes));
        ClusterAdmin admin = new ClusterAdmin(nodes.members());
        long startNanos = System.nanoTime();
        HistoryRecorder history = ChaosLoad.recorder(startNanos);
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "chaos-checker");
            thread.setDaemon(true);
            return thread;
        });
        Run started = new Run(admin, history,
                ChaosLoad.start(nodes, settings, schedule, admin, history, startNanos),
                checker, startNanos, new AtomicReference<>(""));
        // Fixed delay: a slow check postpones the next one instead of piling up behind it.
        checker.scheduleWithFixedDelay(() -> checkSoFar(started), CHECK_EVERY_MS,
                CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
        run = started;
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        Run stopping = run;
        if (stopping == null) {
            return;
        }
        List<String> problems = new ArrayList<>();
        try {
            stopping.load().stop(NEMESIS_JOIN_MS);
            stopping.checker().shutdownNow();
            if (!stopping.checker().awaitTermination(CHECKER_JOIN_MS, TimeUnit.MILLISECONDS)) {
                problems.add("the checker did not stop");
            }
            // The nemesis heals its own fault; this also heals one it could not.
            problems.addAll(stopping.admin().healLinks());
            String verdict = HistoryCheck.verdict(stopping.history().history());
            stopping.verdict().set(problems.isEmpty() ? verdict
                    : verdict + " (" + String.join("; ", problems) + ")");
        } finally {
            last = status(stopping, false);
            run = null;
            stopping.admin().close();
        }
    }

    @Override
    public ChaosStatus status() {
        Run current = run;
        return current == null ? last : status(current, true);
    }

    /** Stops a run still going; for the demo's way out. Never throws. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ignored) {
            // On the way out: the nodes are stopped next anyway.
        }
    }

    private static ChaosStatus status(Run current, boolean running) {
        HistoryRecorder.Counts counts = current.history().counts();
        int faults = (int) current.load().nemesis().injected().stream()
                .filter(fault -> !fault.failedToInject()).count();
        String verdict = current.verdict().get();
        return new ChaosStatus(running, counts.ok(), counts.failed(),
                counts.unknown(), faults, verdict);
    }

    private static void checkSoFar(Run current) {
        // In the history's time: ns since the run started.
        long cutNanos = System.nanoTime() - current.startNanos()
                - SettledPrefix.settleNanos(REQUEST_TIMEOUT_MS);
        if (cutNanos <= 0) {
            return;
        }
        String verdict = HistoryCheck.verdict(
                SettledPrefix.of(current.history().history(), cutNanos));
        current.verdict().set(verdict);
    }
}
