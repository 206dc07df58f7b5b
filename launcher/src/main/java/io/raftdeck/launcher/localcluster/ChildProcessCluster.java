package io.raftdeck.launcher.localcluster;

import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.StartupException;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Nodes as child JVMs ({@code raftdeck node}), one per node, each with its own data dir and
 * log file. Kill is a real SIGKILL; restart spawns the child again on its data dir; pause and
 * resume are SIGSTOP and SIGCONT.
 *
 * <p>No child outlives the dashboard: close stops them all, a shutdown hook does the same when
 * this JVM is stopped by a signal, and each child watches this JVM's pid and exits when it is
 * gone, which covers the one case no hook can: this JVM being killed with SIGKILL.
 */
public final class ChildProcessCluster implements LocalCluster {

    /** How long a child stopped at quit gets to close its storage before SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(3);
    /** SIGKILL ends a process at once; this only bounds the wait for the kernel to reap it. */
    static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final long POLL_MS = 50;

    private final SortedMap<Integer, NodeConfig> configs = new TreeMap<>();
    private final ClusterDirectory directory;
    private final Duration startDeadline;
    private final List<String> jvmOptions;
    private final SortedMap<Integer, Process> children = new TreeMap<>();
    private final List<ProcessHandle> spawnedHandles = new ArrayList<>();
    private final Set<Integer> paused = new TreeSet<>();
    private final ExitHook exitHook;
    private boolean closed;

    private ChildProcessCluster(List<NodeConfig> configs, ClusterDirectory directory,
            Duration startDeadline, List<String> jvmOptions) {
        configs.forEach(config -> this.configs.put(config.id(), config));
        this.directory = directory;
        this.startDeadline = startDeadline;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.exitHook = ExitHook.register("raftdeck-child-nodes", this::stopAndRelease);
    }

    /**
     * Spawns one child per node and waits until every one serves on its port.
     *
     * @param startDeadline how long the children may take to serve, at start and on restart
     * @param servingCount  told how many children serve, each time the number changes
     * @throws StartupException when a port is taken, a child exits early or misses the
     *                          deadline; every child spawned so far is stopped first, and
     *                          the directory stays, since the message may name a child's log
     */
    public static ChildProcessCluster start(List<NodeConfig> configs, ClusterDirectory directory,
            Duration startDeadline, IntConsumer servingCount)
            throws StartupException, InterruptedException {
        return start(configs, directory, startDeadline, servingCount,
                ChildCommandLine.JVM_OPTIONS);
    }

    /**
     * The same with the children's JVM options given: the demo's (small heap, quick start)
     * suit a dashboard, a benchmark wants the JVM's full compiler.
     */
    public static ChildProcessCluster start(List<NodeConfig> configs, ClusterDirectory directory,
            Duration startDeadline, IntConsumer servingCount, List<String> jvmOptions)
            throws StartupException, InterruptedException {
        for (NodeConfig config : configs) {
            if (!PortProbe.isFree(config.listen())) {
                throw new StartupException("node " + config.id() + ": port "
                        + config.listen().port() + " is already in use");
            }
        }
        ChildProcessCluster cluster = new ChildProcessCluster(configs, directory, startDeadline,
                jvmOptions);
        try {
            for (NodeConfig config : configs) {
                cluster.spawn(config.id());
            }
            cluster.awaitServing(cluster.configs.keySet(), servingCount);
            return cluster;
        } catch (StartupException | InterruptedException | RuntimeException e) {
            cluster.exitHook.remove();
            cluster.stopAll();
            throw e;
        }
    }

    @Override
    public SortedMap<Integer, NodeAddress> members() {
        return LoopbackNodes.members(configs.values());
    }

    @Override
    public String description() {
        return configs.size() + " node processes on " + LoopbackNodes.where(members())
                + " (JVM options: " + (jvmOptions.isEmpty() ? "none"
                : String.join(" ", jvmOptions)) + ")";
    }

    @Override
    public String logLocation() {
        return directory.nodeLog(configs.firstKey()) + " .. "
                + directory.nodeLog(configs.lastKey()).getFileName()
                + " (one per node; the dashboard's own: " + directory.jvmLog() + ")";
    }

    @Override
    public boolean canKill() {
        return true;
    }

    @Override
    public String killMethod() {
        return "SIGKILL";
    }

    /** SIGKILL to node {@code id}'s process, then waits until it is gone (port released). */
    @Override
    public void kill(int id) throws InterruptedException {
        Process child = child(id);
        if (!child.isAlive()) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        child.destroyForcibly();
        unpaused(id);
        if (!child.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("node " + id + " (pid " + child.pid()
                    + ") still runs " + KILL_WAIT.toSeconds() + " s after SIGKILL");
        }
    }

    /** Spawns node {@code id} again on its data dir and waits until it serves. */
    @Override
    public void restart(int id) throws StartupException, InterruptedException {
        Process old = child(id);
        if (old.isAlive()) {
            // Running but not answering the dashboard: a restart means a fresh process.
            old.destroyForcibly();
            old.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        unpaused(id);
        spawn(id);
        try {
            awaitServing(List.of(id), serving -> { });
        } catch (StartupException failed) {
            child(id).destroyForcibly();
            throw failed;
        }
    }

    @Override
    public boolean canPause() {
        return true;
    }

    /** SIGSTOP to node {@code id}'s process: it keeps its port and state, and says nothing. */
    @Override
    public synchronized void pause(int id) throws IOException, InterruptedException {
        Process child = child(id);
        if (!child.isAlive()) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        ProcessSignal.send(child.pid(), ProcessSignal.STOP);
        paused.add(id);
    }

    /** SIGCONT to node {@code id}'s process. */
    @Override
    public synchronized void resume(int id) throws IOException, InterruptedException {
        ProcessSignal.send(child(id).pid(), ProcessSignal.CONTINUE);
        paused.remove(id);
    }

    /** The process of node {@code id} as last spawned, alive or not. */
    public synchronized Optional<ProcessHandle> process(int id) {
        return Optional.ofNullable(children.get(id)).map(Process::toHandle);
    }

    /** Every child spawned so far, including killed ones, for checks that none is left. */
    public synchronized List<ProcessHandle> everyProcess() {
        return new ArrayList<>(spawnedHandles);
    }

    @Override
    public void close() {
        exitHook.remove();
        stopAndRelease();
    }

    private void stopAndRelease() {
        stopAll();
        directory.deleteIfDisposable();
    }

    private synchronized void unpaused(int id) {
        paused.remove(id);
    }

    private synchronized Process spawn(int id) throws StartupException {
        if (closed) {
            throw new IllegalStateException("the cluster is stopped");
        }
        NodeConfig config = configs.get(id);
        try {
            Process child = new ProcessBuilder(ChildCommandLine.of(config,
                    ProcessHandle.current().pid(), jvmOptions))
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(directory.nodeLog(id).toFile()))
                    .start();
            child.getOutputStream().close(); // a node reads no input
            children.put(id, child);
            spawnedHandles.add(child.toHandle());
            return child;
        } catch (IOException e) {
            throw new StartupException("node " + id + ": cannot start a java process: "
                    + e.getMessage(), e);
        }
    }

    private void awaitServing(Collection<Integer> ids, IntConsumer servingCount)
            throws StartupException, InterruptedException {
        long deadlineNanos = System.nanoTime() + startDeadline.toNanos();
        Set<Integer> waiting = new TreeSet<>(ids);
        int reported = -1;
        while (true) {
            for (Iterator<Integer> it = waiting.iterator(); it.hasNext(); ) {
                int id = it.next();
                Process child = child(id);
                if (!child.isAlive()) {
                    throw new StartupException(ChildLogs.exitedEarly(id, child.exitValue(),
                            directory.nodeLog(id)));
                }
                if (PortProbe.answers(address(id))) {
                    it.remove();
                }
            }
            int serving = ids.size() - waiting.size();
            if (serving != reported) {
                servingCount.accept(serving);
                reported = serving;
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                int late = waiting.iterator().next();
                throw new StartupException("node " + late + " did not serve on " + address(late)
                        + " within " + startDeadline.toSeconds() + " s (its log: "
                        + directory.nodeLog(late) + ")");
            }
            Thread.sleep(POLL_MS);
        }
    }

    /**
     * SIGTERM to every child, SIGKILL to any that has not exited after the grace period. A
     * paused child is resumed first: stopped, it would sit out the whole grace period.
     */
    private void stopAll() {
        List<Process> alive;
        synchronized (this) {
            closed = true;
            alive = children.values().stream().filter(Process::isAlive).toList();
            for (int id : List.copyOf(paused)) {
                try {
                    resume(id);
                } catch (IOException | RuntimeException ignored) {
                    // Then SIGKILL after the grace period stops it anyway.
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt(); // the waits below end at once
                }
            }
        }
        alive.forEach(Process::destroy);
        long graceEndNanos = System.nanoTime() + STOP_GRACE.toNanos();
        try {
            for (Process child : alive) {
                long leftNanos = Math.max(0, graceEndNanos - System.nanoTime());
                if (!child.waitFor(leftNanos, TimeUnit.NANOSECONDS)) {
                    child.destroyForcibly();
                    child.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException interrupted) {
            alive.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }

    /** Node {@code id}'s process as last spawned; tests in this package read its exit code. */
    synchronized Process child(int id) {
        Process child = children.get(id);
        if (child == null) {
            throw new IllegalArgumentException("no node " + id + " in this cluster");
        }
        return child;
    }

    private NodeAddress address(int id) {
        return configs.get(id).listen();
    }
}
