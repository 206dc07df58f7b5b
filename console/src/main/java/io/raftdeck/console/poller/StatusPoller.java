package io.raftdeck.console.poller;

import io.grpc.stub.StreamObserver;
import io.raftdeck.console.DashboardSettings;
import io.raftdeck.console.NodeTarget;
import io.raftdeck.console.model.EventKind;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.TimelineEvent;
import io.raftdeck.console.rpc.NodeChannels;
import io.raftdeck.console.rpc.RpcErrors;
import io.raftdeck.console.state.DashboardState;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.StatusRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Polls every node's status about ten times a second on its own thread and publishes the
 * result as the dashboard's nodes and timeline. Each node is polled independently, with at
 * most one request in flight and a deadline on each, so one silent node delays nobody else and
 * turns UNREACHABLE within the deadline.
 */
public final class StatusPoller implements AutoCloseable {

    /**
     * The deadline of status requests to a node that has not answered yet. The first call on a
     * channel also connects it (and, at start-up, warms up the gRPC stack), which can take
     * longer than a poll; a node that is really gone refuses the connection at once anyway.
     */
    static final long FIRST_CONTACT_DEADLINE_MS = 1000;

    private final List<NodeTarget> targets;
    private final NodeChannels channels;
    private final DashboardState state;
    private final DashboardSettings settings;
    private final CommandTracker commands;
    private final Clock clock;
    private final EventDeriver deriver = new EventDeriver();
    private final List<NodePoll> polls = new ArrayList<>();
    private final ScheduledExecutorService scheduler;

    /** One node's latest answer and whether a request to it is still out. */
    private static final class NodePoll {
        final AtomicBoolean inFlight = new AtomicBoolean();
        final AtomicReference<PollResult> latest = new AtomicReference<>();
        volatile int reportedId;
        volatile boolean answeredOnce;
    }

    public StatusPoller(NodeChannels channels, DashboardState state, DashboardSettings settings,
            CommandTracker commands, Clock clock) {
        this.targets = state.targets();
        this.channels = channels;
        this.state = state;
        this.settings = settings;
        this.commands = commands;
        this.clock = clock;
        targets.forEach(target -> polls.add(new NodePoll()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "raftdeck-status-poller");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::tickSafely, 0, settings.pollIntervalMs(),
                TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException bug) {
            // A scheduled task that throws is never run again: keep polling, but say so.
            state.addEvents(List.of(new TimelineEvent(clock.instant(),
                    "poller error: " + RpcErrors.describe(bug),
                    EventKind.ERROR)));
        }
    }

    /** Sends the requests that are due and publishes what the answers so far show. */
    void tick() {
        for (int index = 0; index < targets.size(); index++) {
            requestIfIdle(index);
        }
        List<NodeView> views = currentViews();
        Instant now = clock.instant();
        List<TimelineEvent> events = new ArrayList<>(deriver.observe(views, now));
        events.addAll(commands.observe(views, now));
        state.publishNodes(views, events);
    }

    private void requestIfIdle(int index) {
        NodePoll poll = polls.get(index);
        if (!poll.inFlight.compareAndSet(false, true)) {
            return;
        }
        PollResult last = poll.latest.get();
        if (last != null && !last.succeeded()) {
            channels.reconnectNow(index);
        }
        long sentAtNanos = System.nanoTime();
        StatusRequest request = StatusRequest.newBuilder()
                .setLogTail(settings.logTailEntries()).build();
        long deadlineMs = poll.answeredOnce ? settings.statusDeadlineMs()
                : Math.max(settings.statusDeadlineMs(), FIRST_CONTACT_DEADLINE_MS);
        AdminServiceGrpc.newStub(channels.channel(index))
                .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                .status(request, new StreamObserver<>() {
                    @Override
                    public void onNext(NodeStatus status) {
                        if (status.getId() > 0) {
                            poll.reportedId = status.getId();
                        }
                        poll.answeredOnce = true;
                        poll.latest.set(PollResult.answered(status, sentAtNanos));
                    }

                    @Override
                    public void onError(Throwable failure) {
                        poll.latest.set(PollResult.failed(RpcErrors.describe(failure),
                                sentAtNanos));
                        poll.inFlight.set(false);
                    }

                    @Override
                    public void onCompleted() {
                        poll.inFlight.set(false);
                    }
                });
    }

    private List<NodeView> currentViews() {
        List<Integer> ids = new ArrayList<>();
        for (int index = 0; index < targets.size(); index++) {
            ids.add(shownId(index));
        }
        List<NodeView> views = new ArrayList<>();
        for (int index = 0; index < targets.size(); index++) {
            int id = ids.get(index);
            List<Integer> otherIds = ids.stream().filter(other -> other != id).toList();
            views.add(NodeViewFactory.toView(targets.get(index), id,
                    polls.get(index).latest.get(), state.lifecycleMark(index), otherIds));
        }
        return views;
    }

    private int shownId(int index) {
        int reported = polls.get(index).reportedId;
        return reported > 0 ? reported : targets.get(index).id();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
