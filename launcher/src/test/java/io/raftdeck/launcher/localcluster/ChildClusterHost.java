package io.raftdeck.launcher.localcluster;

import io.raftdeck.node.NodeConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * A stand-in for the dashboard's JVM in {@code demo --processes}: starts child nodes exactly
 * as the demo does, prints their pids, then waits to be stopped by a signal.
 * Arguments: the data dir, then one port per node.
 */
public final class ChildClusterHost {

    static final String PIDS_PREFIX = "children:";

    private ChildClusterHost() {
    }

    public static void main(String[] args) throws Exception {
        ClusterDirectory data = ClusterDirectory.kept(Path.of(args[0]));
        List<Integer> ports = Arrays.stream(args).skip(1).map(Integer::valueOf).toList();
        List<NodeConfig> configs = DemoNodes.configs(ports, data);
        ChildProcessCluster cluster = ChildProcessCluster.start(configs, data,
                ChildProcesses.BOUND, serving -> { });
        System.out.println(PIDS_PREFIX + " " + cluster.everyProcess().stream()
                .map(process -> String.valueOf(process.pid()))
                .collect(Collectors.joining(",")));
        System.out.flush();
        new CountDownLatch(1).await(); // until a signal ends this JVM
    }
}
