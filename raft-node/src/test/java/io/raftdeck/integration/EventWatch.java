package io.raftdeck.integration;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeEvent;
import io.raftdeck.proto.v1.WatchEventsRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** One WatchEvents call to a real node over gRPC, its events collected as they arrive. */
final class EventWatch implements AutoCloseable {

    final List<NodeEvent> events = new CopyOnWriteArrayList<>();
    private final Context.CancellableContext call = Context.current().withCancellation();

    EventWatch(ManagedChannel channel, boolean includeMessages) {
        call.run(() -> AdminServiceGrpc.newStub(channel).watchEvents(WatchEventsRequest
                .newBuilder().setIncludeMessages(includeMessages).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(NodeEvent event) {
                        events.add(event);
                    }

                    @Override
                    public void onError(Throwable error) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                }));
    }

    /** Waits for an event matching {@code condition} and returns the first. */
    NodeEvent await(String what, Predicate<NodeEvent> condition) {
        try {
            TestCluster.await(what, Duration.ofSeconds(20),
                    () -> events.stream().anyMatch(condition));
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; the newest events:" + lines(),
                    timedOut);
        }
        return events.stream().filter(condition).findFirst().orElseThrow();
    }

    private String lines() {
        StringBuilder text = new StringBuilder();
        int from = Math.max(0, events.size() - 30);
        for (NodeEvent event : events.subList(from, events.size())) {
            text.append("\n  ").append(event.getKind()).append("  ").append(event.getText());
        }
        return text.toString();
    }

    static Predicate<NodeEvent> kind(String kind, String textPart) {
        return event -> event.getKind().equals(kind) && event.getText().contains(textPart);
    }

    @Override
    public void close() {
        call.cancel(null);
    }
}
