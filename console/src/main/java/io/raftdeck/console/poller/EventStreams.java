package io.raftdeck.console.poller;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.raftdeck.console.model.MessageLine;
import io.raftdeck.console.model.TimelineEvent;
import io.raftdeck.console.rpc.NodeChannels;
import io.raftdeck.console.state.DashboardState;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeEvent;
import io.raftdeck.proto.v1.WatchEventsRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One WatchEvents stream per node, so the timeline says why things happened and the message
 * view shows the messages, as the nodes themselves tell it (over gRPC only, like the status
 * poller). A stream that ends (the node went down, restarted) is opened again a second later;
 * a node that does not stream events (UNIMPLEMENTED) is left to the status poller. What
 * arrives is handed to the dashboard's state in batches, every {@link #FLUSH_MS}, so a busy
 * cluster does not redraw the screen for every message.
 */
public final class EventStreams implements AutoCloseable {

    static final long FLUSH_MS = 100;
    static final long RESUBSCRIBE_MS = 1000;
    /** Events buffered between two flushes, past which they are dropped and counted. */
    static final int MAX_BUFFERED = 8192;

    private final NodeChannels channels;
    private final DashboardState state;
    private final Clock clock;
    private final int nodes;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentLinkedQueue<Arrival> arrived = new ConcurrentLinkedQueue<>();
    private final AtomicLong buffered = new AtomicLong();
    private final AtomicLong droppedHere = new AtomicLong();
    private final List<Context.CancellableContext> calls = new ArrayList<>();
    private final List<NodeEventTranslation> translations = new ArrayList<>();
    private volatile boolean closed;

    private record Arrival(int index, NodeEvent event) {
    }

    public EventStreams(NodeChannels channels, DashboardState state, Clock clock) {
        this.channels = channels;
        this.state = state;
        this.clock = clock;
        this.nodes = state.targets().size();
        for (int index = 0; index < nodes; index++) {
            calls.add(null);
            translations.add(new NodeEventTranslation());
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "raftdeck-event-streams");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        for (int index = 0; index < nodes; index++) {
            int node = index;
            scheduler.execute(() -> subscribe(node));
        }
        scheduler.scheduleWithFixedDelay(this::flush, FLUSH_MS, FLUSH_MS, TimeUnit.MILLISECONDS);
    }

    /** Runs on the scheduler. */
    private void subscribe(int index) {
        if (closed) {
            return;
        }
        Context.CancellableContext call = Context.current().withCancellation();
        calls.set(index, call);
        call.run(() -> AdminServiceGrpc.newStub(channels.channel(index)).watchEvents(
                WatchEventsRequest.newBuilder().setIncludeMessages(true).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(NodeEvent event) {
                        if (buffered.incrementAndGet() > MAX_BUFFERED) {
                            buffered.decrementAndGet();
                            droppedHere.incrementAndGet();
                            return;
                        }
                        arrived.add(new Arrival(index, event));
                    }

                    @Override
                    public void onError(Throwable error) {
                        if (Status.fromThrowable(error).getCode() != Status.Code.UNIMPLEMENTED) {
                            resubscribeLater(index);
                        }
                    }

                    @Override
                    public void onCompleted() {
                        resubscribeLater(index);
                    }
                }));
    }

    private void resubscribeLater(int index) {
        if (!closed) {
            scheduler.schedule(() -> subscribe(index), RESUBSCRIBE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs on the scheduler: one batch to the state, at most what was buffered. */
    private void flush() {
        List<TimelineEvent> events = new ArrayList<>();
        List<MessageLine> messages = new ArrayList<>();
        long dropped = droppedHere.getAndSet(0);
        Instant now = clock.instant();
        for (long left = buffered.get(); left > 0; left--) {
            Arrival arrival = arrived.poll();
            if (arrival == null) {
                break;
            }
            buffered.decrementAndGet();
            NodeEventTranslation translation = translations.get(arrival.index());
            translation.timeline(arrival.event(), now).ifPresent(events::add);
            translation.message(arrival.event(), now).ifPresent(messages::add);
            dropped += arrival.event().getDropped();
        }
        if (!events.isEmpty() || !messages.isEmpty() || dropped > 0) {
            state.addNodeEvents(events, messages, dropped);
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Context.CancellableContext call : calls) {
            if (call != null) {
                call.cancel(null);
            }
        }
    }
}
