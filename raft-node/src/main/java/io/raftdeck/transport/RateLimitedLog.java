package io.raftdeck.transport;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Logs a recurring problem at most once per interval per key (a peer id, a kind of error), so a
 * down peer or a misconfigured neighbour cannot flood the log. Says how many were suppressed.
 */
public final class RateLimitedLog {

    /** Upper bound on remembered keys; a flood of distinct keys just resets the memory. */
    private static final int MAX_KEYS = 1024;

    private final Logger logger;
    private final long intervalNanos;
    private final ConcurrentMap<Object, Window> windows = new ConcurrentHashMap<>();

    private record Window(long startedNanos, int suppressed) {
    }

    public RateLimitedLog(Logger logger, long intervalMs) {
        this.logger = logger;
        this.intervalNanos = intervalMs * 1_000_000L;
    }

    /** Logs {@code message} unless {@code key} was logged less than one interval ago. */
    public void log(Level level, Object key, Supplier<String> message) {
        if (windows.size() > MAX_KEYS) {
            windows.clear();
        }
        long now = System.nanoTime();
        Window[] previous = new Window[1];
        Window current = windows.compute(key, (k, window) -> {
            previous[0] = window;
            if (window == null || now - window.startedNanos >= intervalNanos) {
                return new Window(now, 0);
            }
            return new Window(window.startedNanos, window.suppressed + 1);
        });
        if (current.suppressed == 0) {
            int suppressed = previous[0] == null ? 0 : previous[0].suppressed;
            logger.log(level, () -> message.get()
                    + (suppressed > 0 ? " (" + suppressed + " similar suppressed)" : ""));
        }
    }
}
