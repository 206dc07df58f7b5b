package io.raftdeck.launcher.chaos;

import java.util.List;

/**
 * The longest stretch of the workload with no write acknowledged: between the workload's start,
 * each ok put's completion, and the workload's end.
 *
 * @param fromMs start of the stretch, ms since the workload started
 * @param toMs   its end
 */
record Unavailability(long fromMs, long toMs) {

    long lengthMs() {
        return toMs - fromMs;
    }

    static Unavailability longest(List<Operation> history, long startNanos, long endNanos) {
        List<Long> acknowledged = history.stream().filter(Operation::isOkPut)
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
