package io.raftdeck.transport;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * grpc-java logs every failed name resolution of a channel as a WARNING that carries the whole
 * UnknownHostException stack trace, and a peer channel resolves again on every reconnect,
 * several times a second while its link retries: one peer whose host does not resolve filled
 * a node's log with over a thousand lines in 20 s. This filter on grpc's channel logger turns
 * those records into one line per address and interval, without the stack trace.
 *
 * <p>The node keeps the peer and keeps trying rather than refusing to start: a peer's name
 * often resolves only once that host is up (DNS records published at boot, a Kubernetes pod's
 * record once it runs), so nodes started together must not depend on start order. The line
 * names the address, so a typo is still plain to see.
 */
final class NameResolutionLog implements Filter {

    /** The logger grpc's channel writes "Failed to resolve name" to. */
    private static final String GRPC_CHANNEL_LOGGER = "io.grpc.internal.ManagedChannelImpl";
    private static final String FAILED_TO_RESOLVE = "Failed to resolve name";
    private static final long INTERVAL_MS = 60_000;
    private static final int MAX_REASON_CHARS = 120;
    /** Held here: java.util.logging keeps loggers weakly, and a collected one loses its filter. */
    private static final Logger GRPC_LOGGER = Logger.getLogger(GRPC_CHANNEL_LOGGER);
    private static final System.Logger LOGGER = System.getLogger(PeerChannels.class.getName());
    private static final AtomicLong FAILURES = new AtomicLong();

    private final RateLimitedLog log = new RateLimitedLog(LOGGER, INTERVAL_MS);
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Filter previous;

    private NameResolutionLog(Filter previous) {
        this.previous = previous;
    }

    /** Puts the filter on grpc's channel logger, once per JVM. */
    static synchronized void install() {
        if (!(GRPC_LOGGER.getFilter() instanceof NameResolutionLog)) {
            GRPC_LOGGER.setFilter(new NameResolutionLog(GRPC_LOGGER.getFilter()));
        }
    }

    /** Failed resolutions seen in this JVM, logged or not: for tests. */
    static long failuresSeen() {
        return FAILURES.get();
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = formatter.formatMessage(record);
        if (!message.contains(FAILED_TO_RESOLVE)) {
            return previous == null || previous.isLoggable(record);
        }
        FAILURES.incrementAndGet();
        String address = address(message);
        log.log(Level.WARNING, address, () -> "peer address " + address + " does not resolve ("
                + reason(message) + "); still trying, since the host may come up later");
        return false;
    }

    /** The channel's target, from grpc's "[Channel<3>: (host:port)] ..." prefix. */
    private static String address(String message) {
        int open = message.indexOf(": (");
        int close = message.indexOf(")]");
        return open >= 0 && close > open ? message.substring(open + 3, close) : "(unknown)";
    }

    /** The status description, e.g. "Unable to resolve host h", without the stack trace. */
    private static String reason(String message) {
        int start = message.indexOf("description=");
        if (start < 0) {
            return "unknown host";
        }
        start += "description=".length();
        int end = message.indexOf(", cause=", start);
        String reason = message.substring(start, end < 0 ? message.length() : end);
        reason = reason.lines().findFirst().orElse("").strip();
        return reason.length() <= MAX_REASON_CHARS ? reason
                : reason.substring(0, MAX_REASON_CHARS - 3) + "...";
    }
}
