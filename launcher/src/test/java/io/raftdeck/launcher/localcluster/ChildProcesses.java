package io.raftdeck.launcher.localcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Checks on processes by what they are: alive, gone within a deadline, naming a path. */
public final class ChildProcesses {

    /** Generous: JVMs on two busy cores take a while to start and to go. */
    public static final Duration BOUND = Duration.ofSeconds(30);

    private ChildProcesses() {
    }

    /**
     * Every live java process whose command line mentions {@code path}: the nodes and
     * dashboards a test started, since each test's data dir is unique. (A tmux server started
     * with the command line is no java process, and not counted.)
     */
    public static List<ProcessHandle> mentioning(Path path) {
        String text = path.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().orElse("").endsWith("/java"))
                .filter(process -> commandLine(process).contains(text))
                .toList();
    }

    /**
     * The whole command line of {@code process}, from /proc (empty once it is gone):
     * ProcessHandle.Info cuts it at 4096 bytes, and a child started from the tests has the
     * whole test class path on its command line, longer than that, so the arguments after it
     * (the data dir a test looks for) would be missing and a leftover child go unseen.
     */
    public static String commandLine(ProcessHandle process) {
        try {
            byte[] cmdline = Files.readAllBytes(
                    Path.of("/proc", String.valueOf(process.pid()), "cmdline"));
            return new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException gone) {
            return "";
        }
    }

    /**
     * Waits until the kernel shows {@code process} stopped by a signal ({@code stopped}), or
     * running again: a SIGSTOP takes effect as each thread next runs, not when kill returns.
     */
    public static void awaitState(ProcessHandle process, boolean stopped) throws IOException {
        long deadlineNanos = System.nanoTime() + BOUND.toNanos();
        while (isStopped(process) != stopped) {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new AssertionError("process " + process.pid() + " is "
                        + (stopped ? "not" : "still") + " stopped after "
                        + BOUND.toSeconds() + " s");
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    /** The state letter of /proc/PID/stat, after the command name in parentheses: T. */
    private static boolean isStopped(ProcessHandle process) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("T");
    }

    /** Waits until none of {@code processes} is alive; fails naming the survivors. */
    public static void awaitGone(List<ProcessHandle> processes, Duration timeout) {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new AssertionError("still alive after " + timeout.toSeconds() + " s: "
                        + processes.stream().filter(ProcessHandle::isAlive)
                                .map(process -> process.pid() + " "
                                        + commandLine(process))
                                .toList());
            }
            LockSupport.parkNanos(20_000_000);
        }
    }
}
