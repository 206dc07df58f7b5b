package io.raftdeck.launcher.localcluster;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** SIGSTOP and SIGCONT, sent with the system's kill command: the JDK has no call for them. */
final class ProcessSignal {

    static final String STOP = "-STOP";
    static final String CONTINUE = "-CONT";
    /** kill(1) returns at once; this bounds a system too loaded to run it. */
    private static final long SIGNAL_WAIT_MS = 5_000;

    private ProcessSignal() {
    }

    /** Sends {@code signal} to {@code pid}; fails when kill(1) does. */
    static void send(long pid, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(SIGNAL_WAIT_MS, TimeUnit.MILLISECONDS)) {
            kill.destroyForcibly();
            throw new IOException("kill " + signal + " " + pid + " did not finish");
        }
        if (kill.exitValue() != 0) {
            throw new IOException("kill " + signal + " " + pid + " failed: exit "
                    + kill.exitValue());
        }
    }
}
