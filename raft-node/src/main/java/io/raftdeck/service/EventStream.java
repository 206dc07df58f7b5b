package io.raftdeck.service;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.raftdeck.events.EventSubscription;
import io.raftdeck.events.PublishedEvent;
import io.raftdeck.proto.v1.NodeEvent;
import java.util.concurrent.TimeUnit;

/**
 * One WatchEvents call: a thread of its own moves events from the caller's bounded
 * subscription to the stream, only as fast as gRPC's flow control lets it (it waits for
 * {@code isReady}), so a caller that stops reading fills its own queue and loses events,
 * counted, while the node goes on. It ends when the caller cancels or the node stops.
 */
final class EventStream {

    /** How long one wait lasts before the thread looks again whether the call is over. */
    private static final long WAIT_MS = 100;

    private final EventSubscription subscription;
    private final ServerCallStreamObserver<NodeEvent> call;
    private final Object readiness = new Object();
    private final int node;
    private volatile boolean cancelled;

    private EventStream(EventSubscription subscription, ServerCallStreamObserver<NodeEvent> call,
                        int node) {
        this.subscription = subscription;
        this.node = node;
        this.call = call;
    }

    /** Starts streaming {@code subscription} to {@code call} on a thread named for the node. */
    static void start(EventSubscription subscription, ServerCallStreamObserver<NodeEvent> call,
                      int node) {
        EventStream stream = new EventStream(subscription, call, node);
        call.setOnCancelHandler(stream::cancel);
        call.setOnReadyHandler(stream::readyChanged);
        Thread thread = new Thread(stream::run, "raftdeck-events-" + node);
        thread.setDaemon(true);
        thread.start();
    }

    private void cancel() {
        cancelled = true;
        subscription.close();
        readyChanged();
    }

    private void readyChanged() {
        synchronized (readiness) {
            readiness.notifyAll();
        }
    }

    private void run() {
        try {
            while (!cancelled && !subscription.isClosed()) {
                PublishedEvent event = subscription.next(WAIT_MS, TimeUnit.MILLISECONDS);
                if (event != null && awaitReady()) {
                    call.onNext(EventProtos.of(event));
                }
            }
            if (!cancelled) {
                call.onError(Status.UNAVAILABLE.withDescription("node " + node
                        + " stopped").asRuntimeException());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The call ended under us (cancelled between the check and the send): nothing to
            // tell anyone.
        } finally {
            subscription.close();
        }
    }

    /** Waits until gRPC takes more, or the call is over; returns whether to send. */
    private boolean awaitReady() throws InterruptedException {
        synchronized (readiness) {
            // Waits as long as the caller holds the call open without reading; the node stopping
            // (which closes the subscription) or a cancel ends it.
            while (!call.isReady() && !cancelled && !subscription.isClosed()) {
                readiness.wait(WAIT_MS);
            }
        }
        return !cancelled && !subscription.isClosed();
    }
}
