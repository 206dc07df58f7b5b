package io.raftdeck.history;

import java.util.ArrayList;
import java.util.List;

/**
 * The appends a {@link HistoryRecorder} has seen invoked, each with its completion once known.
 * Not thread-safe on its own: the recorder calls it under its lock, with its clock's times.
 */
final class AppendRecords {

    /** An append waiting for its completion. */
    private record Invocation(int process, String command, long invokeTime) {
    }

    private final List<Invocation> invocations = new ArrayList<>();
    private final List<AppendOperation> completed = new ArrayList<>();

    long invoke(int process, String command, long invokeTime) {
        long id = invocations.size();
        // Validates the arguments now, where a bad call is made.
        new AppendOperation(id, process, command, Outcome.UNKNOWN, invokeTime, Operation.NEVER,
                AppendOperation.NO_INDEX);
        invocations.add(new Invocation(process, command, invokeTime));
        completed.add(null);
        return id;
    }

    void complete(long id, Outcome outcome, long answeredIndex, String answer,
                  long completeTime) {
        if (id < 0 || id >= invocations.size() || completed.get((int) id) != null) {
            throw new IllegalArgumentException("append " + id
                    + " was not invoked, or completed already");
        }
        Invocation invocation = invocations.get((int) id);
        completed.set((int) id, new AppendOperation(id, invocation.process, invocation.command,
                outcome, invocation.invokeTime, completeTime, answeredIndex, answer));
    }

    int size() {
        return invocations.size();
    }

    /** Every append so far; one still running is unknown and completes {@link Operation#NEVER}. */
    List<AppendOperation> snapshot() {
        List<AppendOperation> appends = new ArrayList<>(invocations.size());
        for (int id = 0; id < invocations.size(); id++) {
            AppendOperation append = completed.get(id);
            if (append == null) {
                Invocation invocation = invocations.get(id);
                append = new AppendOperation(id, invocation.process, invocation.command,
                        Outcome.UNKNOWN, invocation.invokeTime, Operation.NEVER,
                        AppendOperation.NO_INDEX);
            }
            appends.add(append);
        }
        return appends;
    }
}
