package io.raftdeck.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which writes a part of a history must keep so that the part still means what the whole did.
 * Dropping writes could invent an anomaly: a read explained by a write that was cut would fail
 * only because of the cut.
 *
 * <p>An observation is a read's result, or a swapping compare-and-set's expected value
 * ("absent" counts: deletes write it). In any linearization of the whole history it reads from
 * the last write before it, and that write is one of its candidates: a write of the observed
 * value, invoked before the observation completed, and not superseded (no other write that
 * surely took effect ran entirely between the candidate's completion and the observation's
 * invocation). A part that keeps every candidate of every observation it has is a true
 * witness: in the whole history's linearization, restricted to the part, every observation
 * still reads from the same write. So were the whole history linearizable, the part would be
 * too. Failed writes are never candidates: they did not take effect.
 *
 * <p>For a reader, a part also keeps at least one write of each value it observes, if there is
 * one, even superseded or failed: a stale read is shown with the write it saw and the one it
 * missed, and a read of a failed write with that write.
 */
final class ExplainingWrites {

    /** Each value written (null: absent, which deletes write), with its writes. */
    private final Map<String, List<Operation>> writers = new HashMap<>();
    /** Per write: the earliest completion of a sure write invoked after it completed. */
    private final Map<Operation, Long> supersededAt = new HashMap<>();

    /** @param history all operations of one key */
    ExplainingWrites(List<Operation> history) {
        List<Operation> sureWrites = new ArrayList<>();
        for (Operation operation : history) {
            if (operation.isWrite()) {
                writers.computeIfAbsent(operation.value(), value -> new ArrayList<>())
                        .add(operation);
                if (operation.outcome() == Outcome.OK) {
                    sureWrites.add(operation);
                }
            }
        }
        sureWrites.sort(Comparator.comparingLong(Operation::invokeTime));
        long[] earliestCompletionFrom = new long[sureWrites.size() + 1];
        earliestCompletionFrom[sureWrites.size()] = Operation.NEVER;
        for (int i = sureWrites.size() - 1; i >= 0; i--) {
            earliestCompletionFrom[i] = Math.min(earliestCompletionFrom[i + 1],
                    sureWrites.get(i).completeTime());
        }
        for (List<Operation> writes : writers.values()) {
            for (Operation write : writes) {
                supersededAt.put(write, write.outcome() == Outcome.UNKNOWN ? Operation.NEVER
                        : earliestCompletionFrom[firstInvokedAfter(sureWrites,
                        write.completeTime())]);
            }
        }
    }

    /** Index of the first write invoked strictly after {@code time}, or the size. */
    private static int firstInvokedAfter(List<Operation> sorted, long time) {
        int low = 0;
        int high = sorted.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted.get(middle).invokeTime() > time) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** Whether {@code part} keeps every candidate write of every observation in it. */
    boolean explains(List<Operation> part) {
        Set<Operation> kept = new HashSet<>(part);
        for (Operation observation : part) {
            boolean observes = observation.kind() == OperationKind.GET
                    && observation.outcome() == Outcome.OK
                    || observation.kind() == OperationKind.CAS
                    && observation.outcome() != Outcome.FAIL;
            if (!observes) {
                continue;
            }
            String observed = observation.kind() == OperationKind.GET ? observation.result()
                    : observation.expected();
            boolean writtenBefore = false;
            boolean keptAWrite = false;
            for (Operation write : writers.getOrDefault(observed, List.of())) {
                if (write.invokeTime() > observation.deadline()) {
                    continue;
                }
                writtenBefore = true;
                if (kept.contains(write)) {
                    keptAWrite = true;
                } else if (write.outcome() != Outcome.FAIL
                        && supersededAt.get(write) >= observation.invokeTime()) {
                    return false;
                }
            }
            if (writtenBefore && !keptAWrite) {
                return false;
            }
        }
        return true;
    }
}
