package io.raftdeck.events;

import io.raftdeck.core.events.RaftEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * A node's events, fanned out to its subscribers, each with a bounded queue of its own. The
 * node loop asks {@link #listening()} (one volatile read) before building an event, so a
 * node nobody watches formats and allocates nothing for events. Publishing never blocks: a
 * full queue drops and counts (see {@link EventSubscription}).
 */
public final class EventHub {

    /** Events a subscriber may fall behind by before they are dropped. */
    public static final int QUEUE_CAPACITY = 4096;
    /** Subscribers at once per node: each costs a queue, and its reader a thread. */
    public static final int MAX_SUBSCRIBERS = 16;

    private final int node;
    private final LongSupplier wallClockMillis;
    private final List<EventSubscription> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean listening;
    private volatile boolean closed;
    private long sequence;
    /** The node's tick and term at its latest event, for events from other threads. */
    private long lastTick;
    private long lastTerm;

    public EventHub(int node, LongSupplier wallClockMillis) {
        this.node = node;
        this.wallClockMillis = wallClockMillis;
    }

    public int node() {
        return node;
    }

    /** Whether an event published now would reach a subscriber. */
    public boolean listening() {
        return listening;
    }

    /**
     * A new subscriber with a queue of {@code capacity}, with the messages sent and received
     * or without, or null if the node already has {@link #MAX_SUBSCRIBERS} or is closed.
     */
    public synchronized EventSubscription subscribe(int capacity, boolean includeMessages) {
        if (closed || subscribers.size() >= MAX_SUBSCRIBERS) {
            return null;
        }
        EventSubscription subscription = new EventSubscription(this, capacity, includeMessages);
        subscribers.add(subscription);
        listening = true;
        subscription.offer(new PublishedEvent(node, 0, wallClockMillis.getAsLong(), lastTick,
                lastTerm, new Subscribed(sequence + 1, subscribers.size())));
        return subscription;
    }

    synchronized void remove(EventSubscription subscription) {
        subscribers.remove(subscription);
        listening = !subscribers.isEmpty();
    }

    public int subscribers() {
        return subscribers.size();
    }

    /** Events the current subscribers lost, together. */
    public long droppedTotal() {
        return subscribers.stream().mapToLong(EventSubscription::droppedTotal).sum();
    }

    /** An event of the node's loop, at its {@code tick} and {@code term}. */
    public synchronized void publish(RaftEvent event, long tick, long term) {
        lastTick = tick;
        lastTerm = term;
        deliver(event);
    }

    /** An event from another thread (a client request at the service): stamped as the last. */
    public synchronized void publishAside(RaftEvent event) {
        deliver(event);
    }

    private void deliver(RaftEvent event) {
        if (subscribers.isEmpty()) {
            return;
        }
        PublishedEvent published = new PublishedEvent(node, ++sequence,
                wallClockMillis.getAsLong(), lastTick, lastTerm, event);
        for (EventSubscription subscriber : subscribers) {
            subscriber.offer(published);
        }
    }

    /** The node stopped: every subscription ends, and no new one starts. */
    public void close() {
        List<EventSubscription> ending;
        synchronized (this) {
            closed = true;
            ending = List.copyOf(subscribers);
        }
        ending.forEach(EventSubscription::close);
    }
}
