package io.raftdeck.launcher;

import io.raftdeck.integration.TestCluster;
import java.util.stream.Collectors;

/** The addresses of a raft-node TestCluster, written as a --cluster / --nodes value. */
public final class ClusterAddresses {

    private ClusterAddresses() {
    }

    public static String of(TestCluster cluster) {
        return cluster.ids().stream().map(id -> cluster.config(id).listeners().clients().toString())
                .collect(Collectors.joining(","));
    }
}
