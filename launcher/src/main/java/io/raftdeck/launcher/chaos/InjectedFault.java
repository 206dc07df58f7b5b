package io.raftdeck.launcher.chaos;

import java.util.List;

/**
 * A fault as it happened: what it hit, when it started and was healed (ms since the workload
 * started), and anything that went wrong injecting or healing it.
 */
public record InjectedFault(FaultKind kind, List<Integer> nodes, long startMs, long healedMs,
        String note) {

    public InjectedFault {
        nodes = List.copyOf(nodes);
    }

    /** Whether the nemesis could not inject it (it is listed with the reason, not counted). */
    public boolean failedToInject() {
        return note.startsWith(Nemesis.INJECT_FAILED);
    }

    @Override
    public String toString() {
        String text = String.format("%7.1f s .. %7.1f s  %-14s nodes %s", startMs / 1000.0,
                healedMs / 1000.0, kind.label(), nodes);
        return note.isEmpty() ? text : text + "  (" + note + ")";
    }
}
