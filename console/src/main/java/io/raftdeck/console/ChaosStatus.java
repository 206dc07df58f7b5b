package io.raftdeck.console;

/**
 * A chaos run's progress as the dashboard shows it in one line.
 *
 * @param running whether the workload and nemesis run now (false after a run, or before any)
 * @param ok      client operations that were answered
 * @param failed  operations that certainly did not take effect
 * @param unknown operations whose effect is unknown (no answer before the deadline)
 * @param faults  faults the nemesis has injected
 * @param verdict the checker's verdict so far, one line; "" before the first check
 */
public record ChaosStatus(boolean running, long ok, long failed, long unknown, int faults,
        String verdict) {

    /** Before the first run: nothing to show. */
    public static final ChaosStatus IDLE = new ChaosStatus(false, 0, 0, 0, 0, "");

    public ChaosStatus {
        verdict = verdict == null ? "" : verdict;
    }

    /** Whether the dashboard has anything to show: a run is going on or has happened. */
    public boolean shown() {
        return !equals(IDLE);
    }

    public long operations() {
        return ok + failed + unknown;
    }
}
