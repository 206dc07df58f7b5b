package io.raftdeck.launcher.bench;

import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.NodeStatus;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The leader's durability counters at one moment, read from its status: which node led in
 * which term, its WAL saves (one fdatasync each) and the entries they persisted.
 */
record PersistSample(int leaderId, long term, long walSaves, long entriesPersisted,
        long atNanos) {

    /** Asks every node; empty when none says it leads or none answers in time. */
    static Optional<PersistSample> read(StatusPoller poller, Collection<NodeAddress> nodes,
            long timeoutMs) throws InterruptedException {
        Map<NodeAddress, NodeStatus> answers;
        try {
            answers = poller.poll(nodes).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        return StatusPoller.leader(answers).map(Map.Entry::getValue).map(status ->
                new PersistSample(status.getId(), status.getTerm(), status.getWalSaves(),
                        status.getEntriesPersisted(), now));
    }
}
