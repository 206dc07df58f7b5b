package io.raftdeck.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A finished record of client operations, ordered by invocation time. Immutable. */
public final class History {

    private static final Comparator<Operation> BY_INVOCATION =
            Comparator.comparingLong(Operation::invokeTime).thenComparingLong(Operation::id);

    private final List<Operation> operations;

    public History(List<Operation> operations) {
        List<Operation> sorted = new ArrayList<>(operations);
        sorted.sort(BY_INVOCATION);
        this.operations = List.copyOf(sorted);
    }

    public List<Operation> operations() {
        return operations;
    }

    public int size() {
        return operations.size();
    }

    /**
     * The operations of each key, keys in sorted order. Keys are independent registers, so each
     * part can be checked alone: a history is linearizable if and only if every part is
     * (linearizability is local, Herlihy and Wing 1990).
     */
    public Map<String, List<Operation>> byKey() {
        Map<String, List<Operation>> parts = new TreeMap<>();
        for (Operation operation : operations) {
            parts.computeIfAbsent(operation.key(), key -> new ArrayList<>()).add(operation);
        }
        return parts;
    }

    /** How many operations ended with {@code outcome}. */
    public long count(Outcome outcome) {
        return operations.stream().filter(operation -> operation.outcome() == outcome).count();
    }

    /** One operation per line, in invocation order. */
    @Override
    public String toString() {
        return OperationFormat.lines(operations);
    }
}
