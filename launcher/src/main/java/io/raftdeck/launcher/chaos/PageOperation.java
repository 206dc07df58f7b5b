package io.raftdeck.launcher.chaos;

import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.History;
import io.raftdeck.history.Operation;
import io.raftdeck.history.Outcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One client operation as the report page draws it, key/value operation or append alike: a
 * bar on its client's row from invocation to completion (ns since the workload started).
 *
 * @param key        the key; null for an append, which has none
 * @param value      the value written, or the append's command; null for a get or delete
 * @param detail     what came back (a get's value, a missed cas's finding, an append's
 *                   answer), or null
 * @param completeNs the completion, or {@link Operation#NEVER} when the client never heard back
 */
record PageOperation(int process, String kind, String key, String value, String detail,
        Outcome outcome, long invokeNs, long completeNs) {

    static final String APPEND = "APPEND";

    /** Every operation of the run, in invocation order. */
    static List<PageOperation> of(History history, List<AppendOperation> appends) {
        List<PageOperation> all = new ArrayList<>(history.size() + appends.size());
        for (Operation op : history.operations()) {
            String detail = op.result() != null ? op.result()
                    : op.expected() != null ? "expected " + op.expected() : null;
            all.add(new PageOperation(op.process(), op.kind().toString(), op.key(), op.value(),
                    detail, op.outcome(), op.invokeTime(), op.completeTime()));
        }
        for (AppendOperation append : appends) {
            all.add(new PageOperation(append.process(), APPEND, null, append.command(),
                    append.answer(), append.outcome(), append.invokeTime(),
                    append.completeTime()));
        }
        all.sort(Comparator.comparingLong(PageOperation::invokeNs));
        return all;
    }

    boolean completed() {
        return completeNs != Operation.NEVER;
    }

    long latencyNs() {
        return completeNs - invokeNs;
    }
}
