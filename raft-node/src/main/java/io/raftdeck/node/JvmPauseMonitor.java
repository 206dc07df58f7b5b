package io.raftdeck.node;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notices when this whole JVM stopped running (a long GC, the host descheduling or swapping
 * the process), as Ratis's and Hadoop's JvmPauseMonitor do: a thread sleeps a short interval
 * and measures how far past it it woke. A pause longer than the node's heartbeat interval is
 * one its followers may have taken for a dead leader, so it is logged and counted (status and
 * {@code raftdeck_jvm_pauses_total}) to explain the elections that follow.
 *
 * <p>The clock and the sleep are a seam ({@link PauseClock}) so tests inject a pause without
 * sleeping; {@link #checkOnce} is one round of the thread's loop.
 */
public final class JvmPauseMonitor implements AutoCloseable {

    /** How long the thread sleeps between measurements. */
    public static final long INTERVAL_MS = 100;
    private static final System.Logger LOGGER = System.getLogger(JvmPauseMonitor.class.getName());

    /** Time and sleep, the system's in production. */
    public interface PauseClock {
        PauseClock SYSTEM = new PauseClock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long millis) throws InterruptedException {
                Thread.sleep(millis);
            }
        };

        long nanoTime();

        void sleep(long millis) throws InterruptedException;
    }

    private final String name;
    private final long thresholdNanos;
    private final PauseClock clock;
    private final AtomicLong pauses = new AtomicLong();
    private volatile Thread thread;

    /** @param thresholdMs a pause longer than this (the heartbeat interval) is counted */
    public JvmPauseMonitor(String name, long thresholdMs, PauseClock clock) {
        this.name = name;
        this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(thresholdMs);
        this.clock = clock;
    }

    /** Starts the monitor's daemon thread. */
    public void start() {
        Thread monitor = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    checkOnce();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "jvm-pause-monitor-" + name);
        monitor.setDaemon(true);
        thread = monitor;
        monitor.start();
    }

    /**
     * Sleeps one interval and counts a pause if it woke more than the threshold late.
     *
     * @return the overshoot in nanoseconds (how far past the interval it woke)
     */
    public long checkOnce() throws InterruptedException {
        long before = clock.nanoTime();
        clock.sleep(INTERVAL_MS);
        long overshoot = clock.nanoTime() - before - TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);
        if (overshoot > thresholdNanos) {
            pauses.incrementAndGet();
            LOGGER.log(Level.WARNING, () -> name + ": the JVM paused for about "
                    + TimeUnit.NANOSECONDS.toMillis(overshoot) + " ms, longer than the "
                    + TimeUnit.NANOSECONDS.toMillis(thresholdNanos) + " ms heartbeat interval"
                    + " (GC, or the host stalled the process); followers may have started an"
                    + " election");
        }
        return overshoot;
    }

    /** Pauses longer than the threshold seen so far. */
    public long pauses() {
        return pauses.get();
    }

    @Override
    public void close() {
        Thread monitor = thread;
        if (monitor != null) {
            monitor.interrupt();
        }
    }
}
