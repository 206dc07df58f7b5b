package io.raftdeck.launcher.chaos;

import io.raftdeck.history.HistoryRecorder;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.launcher.localcluster.LocalCluster;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * The moving parts of a chaos run: the key/value workload clients, the append clients and the
 * nemesis, each on its own daemon thread, started together and stopped together with bounded
 * joins. Shared by the timed {@code raftdeck chaos} run and the dashboard's chaos mode, which
 * runs until stopped.
 */
final class ChaosLoad {

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final List<Thread> clientThreads = new ArrayList<>();
    private final List<ClusterClient> clients = new ArrayList<>();
    private final ChaosSettings settings;
    private final Nemesis nemesis;
    private final Thread nemesisThread;

    private ChaosLoad(ChaosSettings settings, Nemesis nemesis) {
        this.settings = settings;
        this.nemesis = nemesis;
        this.nemesisThread = start("chaos-nemesis", nemesis);
    }

    /**
     * Where a run started at {@code startNanos} records its clients: times in ns since then,
     * as the history file and the append anomalies show them. As many operations as the run
     * makes: its length ({@code --seconds}) and the clients' think time bound them.
     */
    static HistoryRecorder recorder(long startNanos) {
        return new HistoryRecorder(Integer.MAX_VALUE, () -> System.nanoTime() - startNanos);
    }

    /** The run's keys, "k1".."kN". */
    static List<String> keys(ChaosSettings settings) {
        return IntStream.rangeClosed(1, settings.keys()).mapToObj(i -> "k" + i).toList();
    }

    /**
     * Starts the nemesis on {@code schedule}, {@code settings.clients()} key/value clients
     * (processes 1..N) and {@code settings.appendClients()} append clients numbered after them,
     * so a process number names one client in the history.
     */
    static ChaosLoad start(LocalCluster nodes, ChaosSettings settings, List<PlannedFault> schedule,
            ClusterAdmin admin, HistoryRecorder history, long startNanos) {
        ChaosLoad load = new ChaosLoad(settings,
                new Nemesis(schedule, nodes, admin, startNanos));
        SecureRandom sessionIds = new SecureRandom();
        List<String> keys = keys(settings);
        for (int process = 1; process <= settings.clients(); process++) {
            ClusterClient client = new ClusterClient(List.copyOf(nodes.members().values()),
                    settings.requestTimeoutMs(), nodes.credentials());
            load.clients.add(client);
            // Session ids from a secure source: a rerun on a kept data dir must not
            // collide with the sessions of the last run.
            load.clientThreads.add(start("chaos-client-" + process, new WorkloadClient(process,
                    keys, settings.seed() * 31 + process, client,
                    sessionIds.nextLong() & Long.MAX_VALUE | 1, history,
                    load.stopped::get)));
        }
        for (int process = settings.clients() + 1;
                process <= settings.clients() + settings.appendClients(); process++) {
            ClusterClient client = new ClusterClient(List.copyOf(nodes.members().values()),
                    settings.requestTimeoutMs(), nodes.credentials());
            load.clients.add(client);
            load.clientThreads.add(start("chaos-append-client-" + process, new AppendClient(
                    process, settings.seed() * 31 + process, client, history,
                    load.stopped::get)));
        }
        return load;
    }

    Nemesis nemesis() {
        return nemesis;
    }

    /**
     * Stops the clients (each finishes its request, bounded by its deadline) and the nemesis
     * (which heals its current fault), waiting at most {@code nemesisJoinMs} for the nemesis.
     */
    void stop(long nemesisJoinMs) throws InterruptedException {
        stopped.set(true);
        nemesis.stop();
        try {
            for (Thread thread : clientThreads) {
                thread.join(settings.requestTimeoutMs() * 2 + 1000);
                thread.interrupt();
            }
        } finally {
            clients.forEach(ClusterClient::close);
            nemesisThread.join(nemesisJoinMs);
            nemesisThread.interrupt();
        }
    }

    static Thread start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
