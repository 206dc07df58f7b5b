package io.raftdeck.events;

import io.raftdeck.core.events.MessageEvent;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscriber's bounded queue of a node's events. The node only ever offers: when the queue
 * is full the event is dropped and counted, and the reader's next {@link #next} returns a
 * {@link DroppedEvents} marker with the count before the events that follow.
 */
public final class EventSubscription implements AutoCloseable {

    private final EventHub hub;
    private final boolean includeMessages;
    private final ArrayBlockingQueue<PublishedEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();
    private volatile boolean closed;

    EventSubscription(EventHub hub, int capacity, boolean includeMessages) {
        this.hub = hub;
        this.includeMessages = includeMessages;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** From the node: never blocks. */
    void offer(PublishedEvent event) {
        if (!includeMessages && event.event() instanceof MessageEvent) {
            return;
        }
        if (!queue.offer(event)) {
            dropped.incrementAndGet();
            droppedTotal.incrementAndGet();
        }
    }

    /**
     * The next event, or a drop marker if events were lost since the last one; null when none
     * came within {@code timeout} or the subscription is closed.
     */
    public PublishedEvent next(long timeout, TimeUnit unit) throws InterruptedException {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            return new PublishedEvent(hub.node(), 0, System.currentTimeMillis(), 0, 0,
                    new DroppedEvents(lost));
        }
        return closed ? null : queue.poll(timeout, unit);
    }

    /** Events lost so far, over the subscription's life. */
    public long droppedTotal() {
        return droppedTotal.get();
    }

    public boolean isClosed() {
        return closed;
    }

    /** Stops receiving; the hub forgets this subscriber. Idempotent. */
    @Override
    public void close() {
        closed = true;
        hub.remove(this);
        queue.clear();
    }
}
