package io.raftdeck.history;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Records operations as clients run them, from any number of threads. A client calls
 * {@link #invoke} just before it sends a request and then exactly one of {@link #ok},
 * {@link #fail}, {@link #missed} or {@link #unknown} once it knows; an operation never
 * completed counts as unknown. Appends to the log (clients without a session, checked by
 * {@link UniqueAppends}) go through {@link #invokeAppend} and {@link #completeAppend}, in the
 * same clock's time, so one run's key/value operations and appends share one timeline. Times come from the clock read under the recorder's lock, so their order is the
 * order in which clients reported, which is what real-time order means for the checker.
 *
 * <p>Bounded: at most {@code capacity} operations. Once full, {@link #invoke} refuses: a client
 * must not run an operation it could not record, because an unrecorded write that took effect
 * would make later reads look wrong.
 */
public final class HistoryRecorder {

    /**
     * Default bound: some 200 bytes an operation, so about 100 MB; over an hour of a chaos run
     * at 100 operations a second.
     */
    public static final int DEFAULT_CAPACITY = 500_000;

    /** How many operations (appends included) ended each way, and how many still run. */
    public record Counts(long ok, long failed, long unknown, long pending) {
    }

    /** An invocation waiting for its completion. */
    private record Invocation(int process, OperationKind kind, String key, String value,
                              String expected, long invokeTime) {
    }

    private final int capacity;
    private final LongSupplier clock;
    private final List<Invocation> invocations = new ArrayList<>();
    private final List<Operation> completed = new ArrayList<>();
    private final AppendRecords appends = new AppendRecords();
    private long ok;
    private long failed;
    private long unknown;

    /**
     * Records up to {@link #DEFAULT_CAPACITY} operations, timed in nanoseconds since the
     * recorder was made (small numbers in reports, full resolution for ordering).
     */
    public HistoryRecorder() {
        this(DEFAULT_CAPACITY);
    }

    /** Records up to {@code capacity} operations, in nanoseconds since the recorder was made. */
    public HistoryRecorder(int capacity) {
        this(capacity, elapsedNanos());
    }

    private static LongSupplier elapsedNanos() {
        long origin = System.nanoTime();
        return () -> System.nanoTime() - origin;
    }

    /**
     * @param clock read once per invocation and completion; it must never go backwards (a
     *              simulated tick, an event counter, {@link System#nanoTime})
     */
    public HistoryRecorder(int capacity, LongSupplier clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /**
     * Records that {@code process} is about to run an operation; returns its id, for the
     * completion. {@code value} and {@code expected} as in {@link Operation}.
     *
     * @throws IllegalStateException when the recorder is full (see {@link #isFull})
     */
    public synchronized long invoke(int process, OperationKind kind, String key, String value,
                                    String expected) {
        refuseWhenFull();
        long invokeTime = clock.getAsLong();
        // Validates the arguments now, where a bad call is made, not when the history is built.
        new Operation(invocations.size(), process, kind, key, value, expected, null,
                Outcome.UNKNOWN, invokeTime, Operation.NEVER);
        invocations.add(new Invocation(process, kind, key, value, expected, invokeTime));
        completed.add(null);
        return invocations.size() - 1;
    }

    /** The operation took effect; {@code result} is a GET's value read (null: absent). */
    public synchronized void ok(long id, String result) {
        complete(id, Outcome.OK, result);
        ok++;
    }

    /** A PUT, CAS or DELETE took effect. */
    public void ok(long id) {
        ok(id, null);
    }

    /** The operation definitely did not take effect. */
    public synchronized void fail(long id) {
        complete(id, Outcome.FAIL, null);
        failed++;
    }

    /**
     * A CAS answered without a swap: it wrote nothing, so it is FAIL; {@code found} is the
     * value the key held instead (null: absent), kept for reading only.
     */
    public synchronized void missed(long id, String found) {
        if (invocations.get(checkedId(id)).kind != OperationKind.CAS) {
            throw new IllegalArgumentException("operation " + id + " is not a CAS: only a CAS"
                    + " misses");
        }
        complete(id, Outcome.FAIL, found);
        failed++;
    }

    /** The client gave up: the operation may take effect later, or never. */
    public synchronized void unknown(long id) {
        complete(id, Outcome.UNKNOWN, null);
        unknown++;
    }

    /**
     * Records that {@code process} is about to append {@code command} to the log; returns its
     * id, for {@link #completeAppend}. Counts against the same capacity as every operation.
     */
    public synchronized long invokeAppend(int process, String command) {
        refuseWhenFull();
        return appends.invoke(process, command, clock.getAsLong());
    }

    /**
     * How the append ended. {@code answeredIndex}: for an OK append, the index its answer
     * named, else {@link AppendOperation#NO_INDEX}; {@code answer}: the answer or error text.
     */
    public synchronized void completeAppend(long id, Outcome outcome, long answeredIndex,
                                            String answer) {
        appends.complete(id, outcome, answeredIndex, answer, clock.getAsLong());
        switch (outcome) {
            case OK -> ok++;
            case FAIL -> failed++;
            case UNKNOWN -> unknown++;
        }
    }

    private void refuseWhenFull() {
        if (isFull()) {
            throw new IllegalStateException("history is full: " + capacity
                    + " operations recorded");
        }
    }

    private int checkedId(long id) {
        if (id < 0 || id >= invocations.size() || completed.get((int) id) != null) {
            throw new IllegalArgumentException("operation " + id
                    + " was not invoked, or completed already");
        }
        return (int) id;
    }

    private void complete(long id, Outcome outcome, String result) {
        Invocation invocation = invocations.get(checkedId(id));
        if (result != null && invocation.kind != OperationKind.GET
                && outcome != Outcome.FAIL) {
            throw new IllegalArgumentException("operation " + id + " is a " + invocation.kind
                    + ": only a GET has a result");
        }
        completed.set((int) id, new Operation(id, invocation.process, invocation.kind,
                invocation.key, invocation.value, invocation.expected, result, outcome,
                invocation.invokeTime, clock.getAsLong()));
    }

    public synchronized boolean isFull() {
        return invocations.size() + appends.size() >= capacity;
    }

    public synchronized Counts counts() {
        long pending = invocations.size() + appends.size() - ok - failed - unknown;
        return new Counts(ok, failed, unknown, pending);
    }

    /**
     * The appends recorded so far, in invocation order; one still running counts as unknown,
     * never heard.
     */
    public synchronized List<AppendOperation> appends() {
        return appends.snapshot();
    }

    /**
     * Every key/value operation recorded so far (appends are apart: {@link #appends});
     * operations still running count as unknown, never heard.
     */
    public synchronized History history() {
        List<Operation> operations = new ArrayList<>(invocations.size());
        for (int id = 0; id < invocations.size(); id++) {
            Operation operation = completed.get(id);
            if (operation == null) {
                Invocation invocation = invocations.get(id);
                operation = new Operation(id, invocation.process, invocation.kind,
                        invocation.key, invocation.value, invocation.expected, null,
                        Outcome.UNKNOWN, invocation.invokeTime, Operation.NEVER);
            }
            operations.add(operation);
        }
        return new History(operations);
    }
}
