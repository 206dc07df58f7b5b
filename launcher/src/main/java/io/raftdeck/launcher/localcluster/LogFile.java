package io.raftdeck.launcher.localcluster;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * Sends this JVM's log records (java.util.logging, which the nodes, gRPC and Netty all use) and
 * anything written to System.err into a file, until closed. While the dashboard owns the
 * terminal, a single log line printed onto it would tear the screen; closing restores the
 * handlers and stream that were there before.
 */
public final class LogFile implements AutoCloseable {

    private final Path path;
    private final Logger root = Logger.getLogger("");
    private final Handler[] savedHandlers;
    private final PrintStream savedErr;
    private final PrintStream stream;
    private final Handler handler;

    private LogFile(Path path, PrintStream stream) {
        this.path = path;
        this.stream = stream;
        this.savedHandlers = root.getHandlers();
        this.savedErr = System.err;
        this.handler = new FlushingHandler(stream);
        for (Handler saved : savedHandlers) {
            root.removeHandler(saved);
        }
        root.addHandler(handler);
        System.setErr(stream);
    }

    /** Starts routing to {@code path}, appending, so a restarted demo keeps its earlier log. */
    public static LogFile routeTo(Path path) throws IOException {
        PrintStream stream = new PrintStream(new FileOutputStream(path.toFile(), true), true,
                StandardCharsets.UTF_8);
        return new LogFile(path, stream);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        System.setErr(savedErr);
        root.removeHandler(handler);
        for (Handler saved : savedHandlers) {
            root.addHandler(saved);
        }
        handler.close();
        stream.close();
    }

    /** Flushes every record, so the file is complete even if the JVM is killed. */
    private static final class FlushingHandler extends StreamHandler {

        FlushingHandler(PrintStream stream) {
            super(stream, new SimpleFormatter());
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }
    }
}
