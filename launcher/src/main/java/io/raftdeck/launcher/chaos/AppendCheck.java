package io.raftdeck.launcher.chaos;

import io.raftdeck.history.AppendCheckResult;
import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.ObservedLog;
import io.raftdeck.history.Outcome;
import io.raftdeck.history.UniqueAppends;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chaos run's appends handed to the project's unique appends check
 * ({@link UniqueAppends}) with the committed log the run captured. An ok answer names the
 * index it committed at ("committed at index N in term T"), which the check holds it to.
 * Times go over as ns since the workload started, as in the history file, so an anomaly's
 * times find its lines there.
 */
final class AppendCheck {

    private static final Pattern COMMITTED_AT = Pattern.compile("^committed at index (\\d+) ");

    private AppendCheck() {
    }

    /**
     * @param operations the run's history; only its appends are looked at
     * @param log        the committed log seen over the indexes the run's appends can occupy
     * @param startNanos when the workload started
     */
    static AppendCheckResult check(List<Operation> operations, ObservedLog log,
            long startNanos) {
        return UniqueAppends.check(appends(operations, startNanos), log);
    }

    static List<AppendOperation> appends(List<Operation> operations, long startNanos) {
        List<AppendOperation> appends = new ArrayList<>();
        long id = 0;
        for (Operation operation : operations) {
            if (!operation.isAppend()) {
                continue;
            }
            Outcome outcome = switch (operation.outcome()) {
                case OK -> Outcome.OK;
                case FAIL -> Outcome.FAIL;
                case UNKNOWN -> Outcome.UNKNOWN;
            };
            appends.add(new AppendOperation(id++, operation.process(), operation.value(),
                    outcome, operation.invokeNanos() - startNanos,
                    Math.max(operation.invokeNanos(), operation.completeNanos()) - startNanos,
                    outcome == Outcome.OK ? answeredIndex(operation.result())
                            : AppendOperation.NO_INDEX));
        }
        return appends;
    }

    /** The index an ok seed answer names, or {@link AppendOperation#NO_INDEX}. */
    static long answeredIndex(String answer) {
        Matcher matcher = COMMITTED_AT.matcher(answer == null ? "" : answer);
        if (!matcher.find()) {
            return AppendOperation.NO_INDEX;
        }
        try {
            return Math.max(AppendOperation.NO_INDEX, Long.parseLong(matcher.group(1)));
        } catch (NumberFormatException tooLong) {
            return AppendOperation.NO_INDEX;
        }
    }
}
