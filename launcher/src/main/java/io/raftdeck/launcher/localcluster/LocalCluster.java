package io.raftdeck.launcher.localcluster;

import io.raftdeck.console.NodeLifecycle;
import io.raftdeck.console.NodeTarget;
import io.raftdeck.node.NodeConfig;
import java.util.Collection;
import java.util.List;

/**
 * The nodes {@code raftdeck demo} started, in this JVM or as child processes, with the
 * lifecycle the dashboard's k, K and r keys use. Closing stops every node; it is idempotent.
 */
public interface LocalCluster extends NodeLifecycle, AutoCloseable {

    /** Every node, in id order, as the dashboard polls it. */
    List<NodeTarget> targets();

    /** Where the nodes' log records went, in one line for the exit message. */
    String logLocation();

    /** The dashboard's view of {@code configs}: each node's id and listen address. */
    static List<NodeTarget> targetsOf(Collection<NodeConfig> configs) {
        return configs.stream()
                .map(config -> new NodeTarget(config.id(), config.listen().host(),
                        config.listen().port()))
                .toList();
    }

    /** Stops every node. Never throws: it runs on the way out, after the dashboard. */
    @Override
    void close();
}
