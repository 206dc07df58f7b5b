package io.raftdeck.launcher.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every completed operation of a run, appended by the clients concurrently. */
public final class History {

    private final List<Operation> operations = new ArrayList<>();
    private final Map<Operation.Outcome, Integer> counts = new EnumMap<>(Operation.Outcome.class);

    public synchronized void add(Operation operation) {
        operations.add(operation);
        counts.merge(operation.outcome(), 1, Integer::sum);
    }

    public synchronized int count(Operation.Outcome outcome) {
        return counts.getOrDefault(outcome, 0);
    }

    public synchronized int size() {
        return operations.size();
    }

    /** A copy, in the order the operations completed. */
    public synchronized List<Operation> operations() {
        return new ArrayList<>(operations);
    }
}
