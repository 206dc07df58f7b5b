package io.raftdeck.launcher.localcluster;

/**
 * A JVM shutdown hook that a normal close removes again, so that it runs only when the JVM is
 * stopped some other way (Ctrl-C before the dashboard is up, SIGTERM, an error that exits).
 */
public final class ExitHook {

    private final Thread thread;

    private ExitHook(Thread thread) {
        this.thread = thread;
    }

    public static ExitHook register(String name, Runnable action) {
        Thread thread = new Thread(action, name);
        Runtime.getRuntime().addShutdownHook(thread);
        return new ExitHook(thread);
    }

    /** Removes the hook; harmless when the JVM is already shutting down (the hook may be us). */
    public void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook is running or about to: it does the same work, and close is idempotent.
        }
    }
}
