package io.raftdeck.launcher.localcluster;

import io.grpc.InsecureChannelCredentials;
import io.grpc.ChannelCredentials;
import io.raftdeck.console.NodeLifecycle;
import io.raftdeck.console.NodeTarget;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.StartupException;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.function.IntConsumer;

/**
 * The one handle on the cluster a command works on from this machine: nodes it started, in
 * this JVM ({@link InProcessCluster}) or as child processes ({@link ChildProcessCluster}), or
 * a cluster given by address ({@link RemoteCluster}), whose kill, restart and pause say they
 * are unavailable. The dashboard's k, K and r keys use it as their {@link NodeLifecycle}; the
 * bench's failover rounds and the chaos nemesis call the same methods.
 *
 * <p>Kill, restart, pause and resume may block until the node is gone or serves again, and
 * report a failure by throwing. Closing stops every node it started; it is idempotent.
 */
public interface LocalCluster extends NodeLifecycle, AutoCloseable {

    /** Node id to client address, every member, in id order. */
    SortedMap<Integer, NodeAddress> members();

    /** One line for a report: how many nodes run where, and how. */
    String description();

    /** Where the nodes' log records go, in one line for an exit message. */
    String logLocation();

    /** How {@link #kill} stops a node, in words for a report ("SIGKILL"). */
    String killMethod();

    /** Whether {@link #pause} and {@link #resume} work: only node processes can be stopped. */
    boolean canPause();

    /** Stops node {@code id} where it stands (SIGSTOP): it says nothing until resumed. */
    void pause(int id) throws Exception;

    /** Lets a paused node {@code id} go on (SIGCONT). */
    void resume(int id) throws Exception;

    /** Stops every node it started. Never throws: it runs on the way out. */
    @Override
    void close();

    /** Every node, in id order, as the dashboard polls it. */
    /**
     * How clients dial this cluster's nodes: plaintext for the clusters this machine starts,
     * what the user gave for a {@code --cluster} ({@link RemoteCluster}, TLS perhaps).
     */
    default ChannelCredentials credentials() {
        return InsecureChannelCredentials.create();
    }

    default List<NodeTarget> targets() {
        return members().entrySet().stream()
                .map(member -> new NodeTarget(member.getKey(), member.getValue().host(),
                        member.getValue().port()))
                .toList();
    }

    /**
     * Starts every node in this JVM, or none; a port already taken is reported with the flag
     * that moves the ports, which every command starting a cluster has.
     */
    static LocalCluster inThisJvm(List<NodeConfig> configs, ClusterDirectory directory)
            throws StartupException {
        try {
            return InProcessCluster.start(configs, directory);
        } catch (StartupException e) {
            throw PortHint.added(e);
        }
    }

    /**
     * As {@link #childProcesses(List, ClusterDirectory, Duration, List, IntConsumer)} with the
     * children's own JVM options: a small heap and a quick start, for five JVMs on one machine.
     */
    static LocalCluster childProcesses(List<NodeConfig> configs, ClusterDirectory directory,
            Duration startDeadline, IntConsumer servingCount)
            throws StartupException, InterruptedException {
        return childProcesses(configs, directory, startDeadline, ChildCommandLine.JVM_OPTIONS,
                servingCount);
    }

    /**
     * Spawns one child process per node, started with {@code jvmOptions}, and waits until
     * every one serves, telling {@code servingCount} how many do; a port already taken is
     * reported as by {@link #inThisJvm}.
     */
    static LocalCluster childProcesses(List<NodeConfig> configs, ClusterDirectory directory,
            Duration startDeadline, List<String> jvmOptions, IntConsumer servingCount)
            throws StartupException, InterruptedException {
        try {
            return ChildProcessCluster.start(configs, directory, startDeadline, servingCount,
                    jvmOptions);
        } catch (StartupException e) {
            throw PortHint.added(e);
        }
    }
}
