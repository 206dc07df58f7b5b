package io.raftdeck.launcher.bench;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeEvent;
import io.raftdeck.proto.v1.WatchEventsRequest;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench --watch-events}: one WatchEvents subscriber per node for the whole run,
 * messages included, reading as fast as it can, so the benchmark measures what the event
 * stream costs a node that someone watches (the dashboard's case) against the default, where
 * nobody does. Counts what it received and the drops the nodes reported.
 */
final class EventSubscribers implements AutoCloseable {

    private final Context.CancellableContext calls = Context.current().withCancellation();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    EventSubscribers(Collection<NodeAddress> nodes, ClientChannels channels) {
        calls.run(() -> {
            for (NodeAddress node : nodes) {
                AdminServiceGrpc.newStub(channels.channel(node, 0)).watchEvents(
                        WatchEventsRequest.newBuilder().setIncludeMessages(true).build(),
                        new StreamObserver<>() {
                            @Override
                            public void onNext(NodeEvent event) {
                                received.incrementAndGet();
                                dropped.addAndGet(event.getDropped());
                            }

                            @Override
                            public void onError(Throwable error) {
                            }

                            @Override
                            public void onCompleted() {
                            }
                        });
            }
        });
    }

    /** One line for the report. */
    String describe() {
        return "events: one subscriber per node received " + received.get() + ", dropped "
                + dropped.get();
    }

    @Override
    public void close() {
        calls.cancel(null);
    }
}
