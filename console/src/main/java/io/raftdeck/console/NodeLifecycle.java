package io.raftdeck.console;

/**
 * Kills and restarts nodes for the dashboard's k, K and r keys. The launcher provides it: in
 * one JVM it stops and starts node runtimes, with child processes it sends SIGKILL and spawns
 * the child again. When the dashboard is attached to a remote cluster there is nothing it can
 * kill: pass {@link #remote()}.
 *
 * <p>Called off the UI thread, one call at a time. A method may block while the node stops or
 * starts; a failure is reported by throwing, and its message is shown to the user in one line.
 */
public interface NodeLifecycle {

    /** Whether {@link #kill} and {@link #restart} can work at all. */
    boolean canKill();

    /** Stops node {@code id} abruptly, as a crash would. */
    void kill(int id) throws Exception;

    /** Starts node {@code id} again on its existing data. */
    void restart(int id) throws Exception;

    /** The lifecycle of a cluster the dashboard did not start: it can kill nothing. */
    static NodeLifecycle remote() {
        return Unowned.INSTANCE;
    }

    /** See {@link #remote()}. */
    enum Unowned implements NodeLifecycle {
        INSTANCE;

        public static final String NOT_AVAILABLE =
                "kill/restart not available when attached to a remote cluster";

        @Override
        public boolean canKill() {
            return false;
        }

        @Override
        public void kill(int id) {
            throw new UnsupportedOperationException(NOT_AVAILABLE);
        }

        @Override
        public void restart(int id) {
            throw new UnsupportedOperationException(NOT_AVAILABLE);
        }
    }
}
