package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.RaftServer;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * How a {@code raftdeck node} process ends after its node stopped on a failure: it says why
 * on stderr, keeps answering status as STOPPED for {@link #LINGER_MS}, then exits with
 * {@link ExitCodes#NODE_STOPPED}, so that systemd or Kubernetes see it fail and restart it
 * instead of keeping a zombie that listens but does nothing.
 */
final class NodeFailStop {

    /**
     * How long the stopped node keeps answering status before the process exits: long
     * enough for the dashboard (polling a few times a second), a chaos or bench poller and a
     * monitoring scrape every second or two to see STOPPED and the reason, short enough that
     * a supervisor restarts the node within seconds.
     */
    static final long LINGER_MS = 3_000;
    /**
     * If closing hangs (a disk that stopped answering holds the WAL in a write), the process
     * halts this long after it began to exit: the exit must not depend on the broken part.
     */
    static final long HALT_AFTER_MS = 5_000;
    private static final System.Logger LOGGER = System.getLogger(NodeFailStop.class.getName());

    private NodeFailStop() {
    }

    /** Says why, lingers, and returns the exit code; the JVM's exit closes the server. */
    static int afterFailure(RaftServer server, String reason, PrintWriter err)
            throws InterruptedException {
        err.println("error: raftdeck node " + server.id() + " stopped: " + reason
                + "; exiting with code " + ExitCodes.NODE_STOPPED + " in "
                + TimeUnit.MILLISECONDS.toSeconds(LINGER_MS) + " s");
        err.flush();
        Thread.sleep(LINGER_MS);
        return ExitCodes.NODE_STOPPED;
    }

    /**
     * The node's shutdown hook: closes the server; after a failure, with a guard that halts
     * the JVM if that takes more than {@link #HALT_AFTER_MS}.
     */
    static void close(RaftServer server) {
        if (server.failure().isPresent()) {
            Thread guard = new Thread(() -> {
                try {
                    Thread.sleep(HALT_AFTER_MS);
                } catch (InterruptedException interrupted) {
                    return;
                }
                LOGGER.log(Level.ERROR, "node " + server.id() + " did not close within "
                        + HALT_AFTER_MS + " ms of its failure; halting");
                Runtime.getRuntime().halt(ExitCodes.NODE_STOPPED);
            }, "raftdeck-node-halt");
            guard.setDaemon(true);
            guard.start();
        }
        server.close();
    }
}
