package io.raftdeck.history;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The Wing–Gong search with Lowe's memoization (the algorithm of the Porcupine checker) for
 * the operations of one key. Invocations and completions form one list in time order. The
 * search walks it, linearizing any operation whose invocation comes before the first remaining
 * completion and that the model allows, and backtracks when it meets a completion whose
 * operation it has not linearized yet. A (linearized set, state) pair already explored is never
 * explored again: the rest of the search depends on nothing else.
 *
 * <p>Outcomes: failed operations and unknown reads are left out (they changed nothing anyone
 * saw). An unknown write's completion is placed after everything, and the search succeeds once
 * every OK operation is linearized, so an unknown write may take effect at any time after its
 * invocation, or never. An unknown write of a value nobody observed (no read returned it, no
 * compare-and-set expected it; "absent" for a delete) is left out too: taking effect could only
 * have hidden the value before it, never explained a result, so any linearization with it stays
 * one without it. Each unknown write kept doubles the states to explore until an observation
 * pins it down, so this matters: most timed-out writes are never seen.
 *
 * <p>The linearized set is memoized as a 128-bit Zobrist fingerprint (XOR of a random pair per
 * operation) instead of a bitset: constant memory and time per step however long the history.
 * Two distinct sets share a fingerprint with probability 2^-128, so for N explored sets a false
 * "already explored" has probability below N^2 / 2^129 (under 10^-20 for N = 10^9).
 */
final class LinearizationSearch {

    /** Fixed, so every run of the checker is reproducible. */
    private static final long FINGERPRINT_SEED = 0x5EED_C0FFEEL;

    private record Memo(long high, long low, String state) {
    }

    private record Frame(Event call, String stateBefore) {
    }

    /** An invocation (call) or completion (return) in the time-ordered list. */
    private static final class Event {
        final int operation;
        final boolean isCall;
        final long time;
        Event match;
        Event previous;
        Event next;

        Event(int operation, boolean isCall, long time) {
            this.operation = operation;
            this.isCall = isCall;
            this.time = time;
        }
    }

    private final List<Operation> operations;
    private final long[] fingerprintHigh;
    private final long[] fingerprintLow;
    private final Event head = new Event(-1, false, Long.MIN_VALUE);
    private final int required;

    private LinearizationSearch(List<Operation> operations) {
        this.operations = operations;
        this.fingerprintHigh = new long[operations.size()];
        this.fingerprintLow = new long[operations.size()];
        SplittableRandom random = new SplittableRandom(FINGERPRINT_SEED);
        for (int i = 0; i < operations.size(); i++) {
            fingerprintHigh[i] = random.nextLong();
            fingerprintLow[i] = random.nextLong();
        }
        this.required = (int) operations.stream()
                .filter(operation -> operation.outcome() == Outcome.OK).count();
        link();
    }

    /**
     * Searches for a linearization of one key's operations.
     *
     * @param stepBudget how many steps (one list position visited, or one backtrack) before
     *                   giving up with {@link Verdict#UNKNOWN}; explored states are at most this
     *                   many too, which bounds memory
     */
    static SearchOutcome run(List<Operation> operations, long stepBudget) {
        Set<String> observed = new HashSet<>();
        for (Operation operation : operations) {
            if (operation.kind() == OperationKind.GET && operation.outcome() == Outcome.OK) {
                observed.add(operation.result());
            } else if (operation.kind() == OperationKind.CAS
                    && operation.outcome() != Outcome.FAIL) {
                observed.add(operation.expected());
            }
        }
        List<Operation> relevant = new ArrayList<>();
        for (Operation operation : operations) {
            if (operation.outcome() == Outcome.OK || operation.outcome() == Outcome.UNKNOWN
                    && operation.isWrite() && observed.contains(operation.value())) {
                relevant.add(operation);
            }
        }
        return new LinearizationSearch(relevant).search(stepBudget);
    }

    private void link() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation operation = operations.get(i);
            Event call = new Event(i, true, operation.invokeTime());
            Event completion = new Event(i, false, operation.deadline());
            call.match = completion;
            events.add(call);
            events.add(completion);
        }
        // At equal times invocations go first: operations that touch in time count as
        // concurrent, the permissive reading when a clock cannot tell them apart.
        events.sort(Comparator.comparingLong((Event event) -> event.time)
                .thenComparing(event -> !event.isCall)
                .thenComparingInt(event -> event.operation));
        Event last = head;
        for (Event event : events) {
            last.next = event;
            event.previous = last;
            last = event;
        }
    }

    private SearchOutcome search(long stepBudget) {
        if (required == 0) {
            return new SearchOutcome(Verdict.LINEARIZABLE, 0);
        }
        Set<Memo> explored = new HashSet<>();
        Deque<Frame> linearized = new ArrayDeque<>();
        String state = RegisterModel.INITIAL;
        long high = 0;
        long low = 0;
        int linearizedRequired = 0;
        Event event = head.next;
        long steps = 0;
        while (true) {
            if (++steps > stepBudget) {
                return new SearchOutcome(Verdict.UNKNOWN, stepBudget);
            }
            if (event.isCall) {
                int index = event.operation;
                Operation operation = operations.get(index);
                if (RegisterModel.allows(state, operation)) {
                    String next = RegisterModel.after(state, operation);
                    long nextHigh = high ^ fingerprintHigh[index];
                    long nextLow = low ^ fingerprintLow[index];
                    if (explored.add(new Memo(nextHigh, nextLow, next))) {
                        linearized.push(new Frame(event, state));
                        state = next;
                        high = nextHigh;
                        low = nextLow;
                        if (operation.outcome() == Outcome.OK
                                && ++linearizedRequired == required) {
                            return new SearchOutcome(Verdict.LINEARIZABLE, steps);
                        }
                        lift(event);
                        event = head.next;
                        continue;
                    }
                }
                event = event.next;
            } else {
                // A completion whose operation is not linearized yet: undo the latest choice.
                if (linearized.isEmpty()) {
                    return new SearchOutcome(Verdict.NOT_LINEARIZABLE, steps);
                }
                Frame undone = linearized.pop();
                Event call = undone.call;
                state = undone.stateBefore;
                high ^= fingerprintHigh[call.operation];
                low ^= fingerprintLow[call.operation];
                if (operations.get(call.operation).outcome() == Outcome.OK) {
                    linearizedRequired--;
                }
                unlift(call);
                event = call.next;
            }
        }
    }

    /** Takes an operation's invocation and completion out of the list. */
    private static void lift(Event call) {
        unlink(call);
        unlink(call.match);
    }

    private static void unlink(Event event) {
        event.previous.next = event.next;
        if (event.next != null) {
            event.next.previous = event.previous;
        }
    }

    /** Puts them back exactly where they were (the inverse of {@link #lift}, in reverse). */
    private static void unlift(Event call) {
        relink(call.match);
        relink(call);
    }

    private static void relink(Event event) {
        event.previous.next = event;
        if (event.next != null) {
            event.next.previous = event;
        }
    }
}
