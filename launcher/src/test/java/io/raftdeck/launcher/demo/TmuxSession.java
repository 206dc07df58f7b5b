package io.raftdeck.launcher.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * One command running in a detached tmux pane on a private tmux server (its own socket in the
 * test's scratch directory, so it never touches a user's sessions and leaves nothing behind),
 * driven by send-keys and read by capture-pane. The pane
 * stays after the command exits, so its last screen can still be read.
 */
final class TmuxSession implements AutoCloseable {

    private static final String TARGET = "demo";
    private static final Duration TMUX_CALL_BOUND = Duration.ofSeconds(10);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Path socket;
    private final Path exitStatus;
    private final List<String> screens = new ArrayList<>();

    private TmuxSession(Path socket, Path exitStatus) {
        this.socket = socket;
        this.exitStatus = exitStatus;
    }

    /** Whether a tmux binary answers {@code tmux -V}. */
    static boolean installed() {
        try {
            Process version = new ProcessBuilder("tmux", "-V").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException notFound) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts {@code command} (a shell command line) in a width x height pane; the shell that
     * runs it then writes its exit status to a file in {@code scratch}.
     */
    static TmuxSession start(Path scratch, int width, int height, String command)
            throws IOException, InterruptedException {
        Path config = Files.writeString(scratch.resolve("tmux.conf"),
                "set-option -g status off\nset-window-option -g remain-on-exit on\n");
        Path exitStatus = scratch.resolve("exit-status");
        TmuxSession session = new TmuxSession(scratch.resolve("tmux.socket"), exitStatus);
        session.tmux("-f", config.toString(), "new-session", "-d", "-s", TARGET,
                "-x", String.valueOf(width), "-y", String.valueOf(height),
                command + "; echo $? > " + exitStatus);
        return session;
    }

    /** The pane's text as it is now. */
    String screen() throws IOException, InterruptedException {
        String screen = tmux("capture-pane", "-p", "-t", TARGET);
        screens.add(screen);
        return screen;
    }

    /** Every screen captured so far, oldest first. */
    List<String> screens() {
        return List.copyOf(screens);
    }

    /** Sends tmux key names ("K", "Enter", "Up"). */
    void keys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", TARGET));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types {@code text} literally. */
    void type(String text) throws IOException, InterruptedException {
        tmux("send-keys", "-t", TARGET, "-l", text);
    }

    /** The first screen that satisfies {@code condition}; fails with the last one on timeout. */
    String awaitScreen(Predicate<String> condition, Duration timeout, String what)
            throws IOException, InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        while (true) {
            String screen = screen();
            if (condition.test(screen)) {
                return screen;
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what
                        + "\nlast screen:\n" + screen);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Waits until the pane's command has exited; returns its exit status. The status comes
     * from a file the pane's shell writes, not from tmux's pane_dead_status: tmux 3.3 can
     * leave a quickly exiting pane process unreaped, with the pane dead but no status.
     */
    int awaitExit(Duration timeout) throws IOException, InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (Files.exists(exitStatus)) {
                String status = Files.readString(exitStatus).strip();
                if (!status.isEmpty()) {
                    return Integer.parseInt(status);
                }
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new AssertionError("the pane's command still runs after "
                        + timeout.toSeconds() + " s:\n" + screen());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Stops the private tmux server; a command still running gets SIGHUP. */
    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-server");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        command.addAll(List.of(args));
        Process tmux = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = tmux.getInputStream().readAllBytes();
        if (!tmux.waitFor(TMUX_CALL_BOUND.toSeconds(), TimeUnit.SECONDS)) {
            tmux.destroyForcibly();
            throw new IOException("tmux " + String.join(" ", args) + " did not finish");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (tmux.exitValue() != 0 && !args[0].equals("kill-server")) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + text);
        }
        return text;
    }
}
