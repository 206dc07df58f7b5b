package io.raftdeck.launcher.bench;

import io.grpc.ChannelCredentials;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.localcluster.ClusterDirectory;
import io.raftdeck.launcher.localcluster.LocalCluster;
import io.raftdeck.launcher.localcluster.LogFile;
import io.raftdeck.launcher.localcluster.LoopbackNodes;
import io.raftdeck.launcher.localcluster.RemoteCluster;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.StartupException;
import io.raftdeck.proto.v1.NodeStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The nodes a benchmark runs against: five processes it starts (the default), five nodes in
 * its own JVM, or a cluster someone else runs. The nodes it starts keep real data dirs in a
 * disposable directory, deleted when they stop; only they can be killed.
 */
final class BenchTarget {

    static final String DIRECTORY_PREFIX = "raftdeck-bench-";

    private BenchTarget() {
    }

    /**
     * Starts {@code raftdeck node} processes with {@code jvmOptions} and waits until each
     * serves, with a progress line. On failure the directory stays, since the message points
     * at a node's log in it.
     */
    static LocalCluster processes(ClusterDirectory directory, int basePort,
            Duration startTimeout, List<String> jvmOptions, PrintWriter out)
            throws StartupException, InterruptedException {
        String where = LoopbackNodes.where(basePort);
        return LocalCluster.childProcesses(LoopbackNodes.of(basePort, directory, false),
                directory, startTimeout, jvmOptions, serving -> {
                    if (serving == 0) {
                        return; // told once before any child could serve
                    }
                    out.println("raftdeck bench: " + serving + " of " + LoopbackNodes.NODE_COUNT
                            + " node processes serving on " + where);
                    out.flush();
                });
    }

    /** Starts the nodes in this JVM; on failure nothing is left behind. */
    static LocalCluster inThisJvm(ClusterDirectory directory, int basePort)
            throws StartupException {
        return LocalCluster.inThisJvm(LoopbackNodes.of(basePort, directory, false), directory);
    }

    /**
     * Where the log records of nodes in this JVM go while it runs: a file in the directory,
     * not into the report.
     */
    static LogFile log(ClusterDirectory directory) throws StartupException {
        try {
            return LogFile.routeTo(directory.jvmLog());
        } catch (IOException e) {
            throw new StartupException("cannot write " + directory.jvmLog() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The cluster of {@code --cluster}: every node given must answer its status at the start,
     * which also tells each one's id, so an answer naming a leader by id can be followed.
     */
    static LocalCluster given(List<NodeAddress> addresses, StatusPoller poller, long timeoutMs,
                              ChannelCredentials credentials) throws InterruptedException {
        List<NodeAddress> distinct = List.copyOf(new LinkedHashSet<>(addresses));
        Map<NodeAddress, NodeStatus> answers;
        try {
            answers = poller.poll(distinct).get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandFailure(ExitCodes.NO_LEADER, "the nodes did not answer: " + e);
        }
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        for (NodeAddress address : distinct) {
            NodeStatus status = answers.get(address);
            if (status == null) {
                throw new CommandFailure(ExitCodes.NO_LEADER, address
                        + " did not answer its status within " + timeoutMs + " ms");
            }
            NodeAddress same = members.put(status.getId(), address);
            if (same != null) {
                throw new CommandFailure(ExitCodes.USAGE, same + " and " + address
                        + " are both node " + status.getId());
            }
        }
        return new RemoteCluster(members, credentials);
    }
}
