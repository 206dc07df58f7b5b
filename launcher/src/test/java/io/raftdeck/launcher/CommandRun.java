package io.raftdeck.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** One run of the raftdeck command line with its output captured, as a test sees it. */
public record CommandRun(int exitCode, String out, String err, long elapsedMs) {

    public static CommandRun of(String... args) {
        return withEnvironment(Map.of(), args);
    }

    /** A run that sees {@code environment} instead of the process's (RAFTDECK_ variables). */
    public static CommandRun withEnvironment(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long startNanos = System.nanoTime();
        int exitCode = RaftdeckCommand.execute(args, new PrintWriter(out, true),
                new PrintWriter(err, true), environment);
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        return new CommandRun(exitCode, out.toString(), err.toString(), elapsedMs);
    }

    /** True when stderr is exactly one line: the user-facing error, with no stack trace. */
    public boolean errIsOneLine() {
        return err.strip().lines().count() == 1 && !err.contains("\tat ")
                && !err.contains("Exception");
    }

    @Override
    public String toString() {
        return "exit " + exitCode + " after " + elapsedMs + " ms\nstdout:\n" + out
                + "stderr:\n" + err;
    }
}
