package io.raftdeck.sim;

import io.raftdeck.core.Message;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A simulated network between cores: every message is dropped, duplicated and delayed by the
 * seeded random, so messages also arrive out of order. Links can be cut in both directions.
 *
 * <p>In hold mode ({@link #hold}) the network is the script's hands: every message waits, in the
 * order it was sent, until a scenario delivers or drops it ({@link #takeHeld}), so a transcript
 * can step a cluster one message at a time. Cut links still drop what they carry.
 */
final class SimNetwork {

    /** Faults applied to every message; all probabilities in [0, 1]. */
    record Faults(double dropProbability, double duplicateProbability, int maxDelayTicks) {
        static final Faults NONE = new Faults(0, 0, 0);
        static final Faults UNRELIABLE = new Faults(0.10, 0.05, 4);
    }

    private record InFlight(long deliverAt, long sequence, Message message) {
    }

    /** Upper bound on messages in flight, so a runaway sender cannot exhaust memory. */
    static final int MAX_IN_FLIGHT = 100_000;

    private final Random random;
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>((a, b) ->
            a.deliverAt != b.deliverAt ? Long.compare(a.deliverAt, b.deliverAt)
                    : Long.compare(a.sequence, b.sequence));
    private final Set<Long> cutLinks = new HashSet<>();
    /** Messages waiting for a scenario to deliver or drop them, in the order they were sent. */
    private final List<Message> held = new ArrayList<>();
    private boolean holding;
    private Faults faults;
    private long sequence;
    long sent;
    long dropped;

    SimNetwork(Random random, Faults faults) {
        this.random = random;
        this.faults = faults;
    }

    void setFaults(Faults faults) {
        this.faults = faults;
    }

    void send(Message message, long now) {
        sent++;
        if (holding) {
            hold(message);
            return;
        }
        if (isCut(message.from(), message.to()) || random.nextDouble() < faults.dropProbability()
                || inFlight.size() >= MAX_IN_FLIGHT) {
            dropped++;
            return;
        }
        enqueue(message, now);
        if (random.nextDouble() < faults.duplicateProbability()) {
            enqueue(message, now);
        }
    }

    private void enqueue(Message message, long now) {
        long delay = faults.maxDelayTicks() == 0 ? 0 : random.nextInt(faults.maxDelayTicks() + 1);
        // Order among messages due at the same tick is random too: that is the reordering.
        long order = random.nextLong();
        inFlight.add(new InFlight(now + delay, order ^ (sequence++ << 1), message));
    }

    /** Messages due at or before {@code now}, in delivery order. Cut links drop them here too. */
    List<Message> due(long now) {
        List<Message> result = new ArrayList<>();
        while (!inFlight.isEmpty() && inFlight.peek().deliverAt <= now) {
            Message message = inFlight.poll().message;
            if (isCut(message.from(), message.to())) {
                dropped++;
            } else {
                result.add(message);
            }
        }
        return result;
    }

    /**
     * From now on every message waits until {@link #takeHeld taken}; those already on their way
     * wait too, in the order they would have arrived.
     */
    void hold() {
        holding = true;
        while (!inFlight.isEmpty()) {
            hold(inFlight.poll().message);
        }
    }

    private void hold(Message message) {
        if (isCut(message.from(), message.to()) || held.size() >= MAX_IN_FLIGHT) {
            dropped++;
        } else {
            held.add(message);
        }
    }

    /** Ends hold mode: what still waits goes out as if sent at {@code now}, in order. */
    void release(long now) {
        holding = false;
        for (Message message : held) {
            enqueue(message, now);
        }
        held.clear();
    }

    boolean isHolding() {
        return holding;
    }

    /** The messages waiting in hold mode, oldest first. */
    List<Message> held() {
        return List.copyOf(held);
    }

    /**
     * Removes and returns, oldest first, up to {@code limit} waiting messages that
     * {@code which} selects; the caller delivers or drops them.
     */
    List<Message> takeHeld(Predicate<Message> which, int limit) {
        List<Message> taken = new ArrayList<>();
        for (var waiting = held.iterator(); waiting.hasNext() && taken.size() < limit; ) {
            Message message = waiting.next();
            if (which.test(message)) {
                taken.add(message);
                waiting.remove();
            }
        }
        return taken;
    }

    void cut(int a, int b) {
        cutLinks.add(linkKey(a, b));
    }

    void healAll() {
        cutLinks.clear();
    }

    boolean isCut(int a, int b) {
        return cutLinks.contains(linkKey(a, b));
    }

    /** Cuts every link between the two groups. */
    void partition(Set<Integer> side, Set<Integer> all) {
        for (int a : side) {
            for (int b : all) {
                if (!side.contains(b)) {
                    cut(a, b);
                }
            }
        }
    }

    boolean hasCuts() {
        return !cutLinks.isEmpty();
    }

    private static long linkKey(int a, int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        return ((long) low << 32) | high;
    }
}
