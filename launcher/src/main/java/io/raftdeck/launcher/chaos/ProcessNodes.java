package io.raftdeck.launcher.chaos;

import io.raftdeck.launcher.localcluster.ChildProcessCluster;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Node processes started for the run, on the demo's child-process cluster (SIGKILL, restart
 * on the same data dir, a shutdown hook, children that die with this JVM). Pause and resume
 * send SIGSTOP and SIGCONT with the system's kill command.
 */
final class ProcessNodes implements ChaosNodes {

    private static final long SIGNAL_WAIT_MS = 5_000;

    private final ChildProcessCluster cluster;
    private final SortedMap<Integer, NodeAddress> members = new TreeMap<>();
    private final Set<Integer> paused = new TreeSet<>();

    ProcessNodes(ChildProcessCluster cluster, List<NodeConfig> configs) {
        this.cluster = cluster;
        configs.forEach(config -> members.put(config.id(), config.listen()));
    }

    @Override
    public SortedMap<Integer, NodeAddress> members() {
        return members;
    }

    @Override
    public boolean controlsProcesses() {
        return true;
    }

    @Override
    public void kill(int id) throws InterruptedException {
        cluster.kill(id);
    }

    @Override
    public void restart(int id) throws Exception {
        cluster.restart(id);
    }

    @Override
    public synchronized void pause(int id) throws IOException, InterruptedException {
        signal(id, "-STOP");
        paused.add(id);
    }

    @Override
    public synchronized void resume(int id) throws IOException, InterruptedException {
        signal(id, "-CONT");
        paused.remove(id);
    }

    /** Resumes paused nodes first: a stopped process would sit out SIGTERM's grace period. */
    @Override
    public void close() {
        synchronized (this) {
            for (int id : List.copyOf(paused)) {
                try {
                    resume(id);
                } catch (IOException | InterruptedException | RuntimeException ignored) {
                    // close stops it with SIGKILL after the grace period anyway.
                }
            }
        }
        cluster.close();
    }

    private void signal(int id, String signal) throws IOException, InterruptedException {
        long pid = cluster.process(id).orElseThrow(() ->
                new IllegalStateException("node " + id + " has no process")).pid();
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(SIGNAL_WAIT_MS, TimeUnit.MILLISECONDS)) {
            kill.destroyForcibly();
            throw new IOException("kill " + signal + " " + pid + " did not finish");
        }
        if (kill.exitValue() != 0) {
            throw new IOException("kill " + signal + " " + pid + " failed: exit "
                    + kill.exitValue());
        }
    }
}
