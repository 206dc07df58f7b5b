package io.raftdeck.console;

/**
 * The dashboard's chaos mode (key c): a workload of clients and a fault-injecting nemesis run
 * against the live cluster, their history checked for linearizability as it grows. The
 * launcher provides it; the console only switches it and shows {@link #status()}.
 *
 * <p>{@link #start()} and {@link #stop()} are called off the UI thread, one at a time, and may
 * block while threads start or stop (bounded). {@link #status()} is called from the UI thread
 * several times a second and must return at once.
 */
public interface ChaosMode {

    /** Starts the workload and the nemesis; a no-op when already running. */
    void start() throws Exception;

    /** Stops both, heals every link and computes the final verdict; a no-op when stopped. */
    void stop() throws Exception;

    /** What the current or last run has done so far; {@link ChaosStatus#IDLE} before any. */
    ChaosStatus status();

    /** For a dashboard without chaos mode: starting it fails with a one-line reason. */
    static ChaosMode unavailable() {
        return Unavailable.INSTANCE;
    }

    /** See {@link #unavailable()}. */
    enum Unavailable implements ChaosMode {
        INSTANCE;

        public static final String NOT_AVAILABLE = "chaos mode is available in raftdeck demo only";

        @Override
        public void start() {
            throw new UnsupportedOperationException(NOT_AVAILABLE);
        }

        @Override
        public void stop() {
            // Never started, nothing to stop.
        }

        @Override
        public ChaosStatus status() {
            return ChaosStatus.IDLE;
        }
    }
}
