package io.raftdeck.launcher.chaos;

import java.util.List;

/**
 * The longest stretch of the workload with no write acknowledged: between the workload's start,
 * each acknowledged write's completion, and the workload's end. An ok append counts like an ok
 * put: both say the cluster committed a new entry, which is what being available means here,
 * and the append clients (one attempt at a random node) sample it independently of the
 * key/value clients' failover.
 *
 * @param fromMs start of the stretch, ms since the workload started
 * @param toMs   its end
 */
record Unavailability(long fromMs, long toMs) {

    long lengthMs() {
        return toMs - fromMs;
    }

    static Unavailability longest(List<Operation> history, long startNanos, long endNanos) {
        List<Long> acknowledged = history.stream().filter(Operation::isAcknowledgedWrite)
                .map(Operation::completeNanos)
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
