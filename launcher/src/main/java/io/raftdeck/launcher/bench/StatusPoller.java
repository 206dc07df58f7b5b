package io.raftdeck.launcher.bench;

import io.grpc.stub.StreamObserver;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.Role;
import io.raftdeck.proto.v1.StatusRequest;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks several nodes for their status at once, without blocking a thread: the future holds
 * each answer by address, and a node that fails or misses the deadline is simply absent. It
 * asks for a one-entry log tail, so polling every few milliseconds stays cheap for the nodes.
 */
final class StatusPoller {

    private final ClientChannels channels;
    private final long timeoutMs;

    StatusPoller(ClientChannels channels, long timeoutMs) {
        this.channels = channels;
        this.timeoutMs = timeoutMs;
    }

    CompletableFuture<Map<NodeAddress, NodeStatus>> poll(Collection<NodeAddress> nodes) {
        Map<NodeAddress, NodeStatus> answers = new ConcurrentHashMap<>();
        CompletableFuture<Map<NodeAddress, NodeStatus>> all = new CompletableFuture<>();
        if (nodes.isEmpty()) {
            all.complete(answers);
            return all;
        }
        AtomicInteger pending = new AtomicInteger(nodes.size());
        StatusRequest request = StatusRequest.newBuilder().setLogTail(1).build();
        for (NodeAddress node : nodes) {
            AdminServiceGrpc.newStub(channels.channel(node, 0))
                    .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
                    .status(request, new StreamObserver<>() {
                        @Override
                        public void onNext(NodeStatus status) {
                            answers.put(node, status);
                        }

                        @Override
                        public void onError(Throwable failure) {
                            done();
                        }

                        @Override
                        public void onCompleted() {
                            done();
                        }

                        private void done() {
                            if (pending.decrementAndGet() == 0) {
                                all.complete(answers);
                            }
                        }
                    });
        }
        return all;
    }

    /** The node that says it leads in the highest term among {@code answers}, if any. */
    static Optional<Map.Entry<NodeAddress, NodeStatus>> leader(
            Map<NodeAddress, NodeStatus> answers) {
        return answers.entrySet().stream()
                .filter(answer -> answer.getValue().getRole() == Role.ROLE_LEADER)
                .max((a, b) -> Long.compare(a.getValue().getTerm(), b.getValue().getTerm()));
    }
}
