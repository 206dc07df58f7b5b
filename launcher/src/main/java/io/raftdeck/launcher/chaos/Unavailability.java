package io.raftdeck.launcher.chaos;

import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.History;
import io.raftdeck.history.Operation;
import io.raftdeck.history.Outcome;
import java.util.List;
import java.util.stream.Stream;

/**
 * The longest stretch of the workload with no write acknowledged: between the workload's start,
 * each acknowledged write's completion, and the workload's end. An ok append counts like an ok
 * put: both say the cluster committed a new entry, which is what being available means here,
 * and the append clients (one attempt at a random node) sample it independently of the
 * key/value clients' failover.
 *
 * <p>Times are the history's: ns since the workload started.
 *
 * @param fromMs start of the stretch, ms since the workload started
 * @param toMs   its end
 */
record Unavailability(long fromMs, long toMs) {

    long lengthMs() {
        return toMs - fromMs;
    }

    static Unavailability longest(History history, List<AppendOperation> appends,
            long startNanos, long endNanos) {
        Stream<Long> writes = history.operations().stream()
                .filter(op -> op.isWrite() && op.outcome() == Outcome.OK)
                .map(Operation::completeTime);
        Stream<Long> okAppends = appends.stream().filter(op -> op.outcome() == Outcome.OK)
                .map(AppendOperation::completeTime);
        List<Long> acknowledged = Stream.concat(writes, okAppends)
                .filter(at -> at >= startNanos && at <= endNanos)
                .sorted().toList();
        long previous = startNanos;
        long bestFrom = startNanos;
        long bestTo = startNanos;
        for (long at : acknowledged) {
            if (at - previous > bestTo - bestFrom) {
                bestFrom = previous;
                bestTo = at;
            }
            previous = at;
        }
        if (endNanos - previous > bestTo - bestFrom) {
            bestFrom = previous;
            bestTo = endNanos;
        }
        return new Unavailability((bestFrom - startNanos) / 1_000_000,
                (bestTo - startNanos) / 1_000_000);
    }
}
