package io.raftdeck.launcher;

import io.raftdeck.launcher.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Ends this JVM when another process ends: how a child node of {@code raftdeck demo
 * --processes} follows its dashboard out, even when the dashboard was killed with SIGKILL and
 * could not stop it. Exiting runs the shutdown hooks, so the node still closes cleanly.
 */
final class ParentWatch {

    /**
     * How often the parent is checked. ProcessHandle.onExit polls a process that is not our
     * child with a back-off that grows to seconds; a fixed short period keeps the delay small.
     */
    static final long CHECK_INTERVAL_MS = 200;

    private ParentWatch() {
    }

    /** Exits at once if {@code pid} is not running, else as soon as it stops. */
    static void exitWhenGone(long pid, PrintWriter out) {
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            exit(pid, out);
            return;
        }
        Thread watcher = new Thread(() -> {
            try {
                // isAlive also checks the start time, so a reused pid does not fool it.
                while (parent.get().isAlive()) {
                    Thread.sleep(CHECK_INTERVAL_MS);
                }
            } catch (InterruptedException interrupted) {
                return;
            }
            exit(pid, out);
        }, "raftdeck-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void exit(long pid, PrintWriter out) {
        out.println("raftdeck node: parent process " + pid + " is gone; stopping");
        out.flush();
        System.exit(ExitCodes.OK);
    }
}
