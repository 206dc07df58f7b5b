package io.raftdeck.launcher;

import io.raftdeck.node.FatalErrors;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Fail-stops the node of a {@code raftdeck node} process on an error that no thread of the node
 * handles itself: a thread that dies of an uncaught exception, and an OutOfMemoryError that
 * Netty or gRPC caught and only logged. Their event loops catch every Throwable, so a log
 * record is the one place such an error surfaces; the node's own loop and gRPC handlers stop
 * the node themselves. JVM-wide, so only the node command installs it: in-process clusters
 * (demo, cluster, tests) must never stop every node for one node's error.
 */
final class FatalErrorWatch {

    /**
     * Memory set aside at start and given back on the first fatal error, so that logging the
     * reason, answering status and exiting find some: a heap that is full fails them too.
     */
    static final int RESERVE_BYTES = 1 << 20;
    private static final System.Logger LOGGER = System.getLogger(FatalErrorWatch.class.getName());

    private final Consumer<String> failStop;
    private volatile byte[] reserve = new byte[RESERVE_BYTES];
    private final Handler logHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            Throwable thrown = record.getThrown();
            if (thrown != null && FatalErrors.isFatal(thrown)) {
                releaseReserve(); // before building the reason, which needs memory
                stop(FatalErrors.reason(thrown, "in thread " + Thread.currentThread().getName()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** @param failStop stops the node with a reason, from any thread; must not block */
    FatalErrorWatch(Consumer<String> failStop) {
        this.failStop = failStop;
    }

    /** Watches every thread of this JVM and every log record from now on. */
    static FatalErrorWatch install(Consumer<String> failStop) {
        FatalErrorWatch watch = new FatalErrorWatch(failStop);
        Thread.setDefaultUncaughtExceptionHandler(watch::uncaught);
        Logger.getLogger("").addHandler(watch.logHandler);
        return watch;
    }

    Handler logHandler() {
        return logHandler;
    }

    /**
     * Every thread of a node catches what it can handle; one that dies leaves undone whatever
     * it was for (sending, answering, watching), so the node stops rather than serve on half.
     */
    void uncaught(Thread thread, Throwable error) {
        releaseReserve();
        String where = "in thread " + thread.getName();
        stop(FatalErrors.isFatal(error) ? FatalErrors.reason(error, where)
                : "thread " + thread.getName() + " died: " + error);
        try {
            LOGGER.log(Level.ERROR, "uncaught " + where, error);
        } catch (RuntimeException | OutOfMemoryError e) {
            // The reason is in the status already; the trace is not worth a second failure.
        }
    }

    /** Gives the memory set aside back to the heap; the first call does it, later ones nothing. */
    void releaseReserve() {
        reserve = null;
    }

    boolean holdsReserve() {
        return reserve != null;
    }

    private void stop(String reason) {
        releaseReserve();
        failStop.accept(reason);
    }
}
