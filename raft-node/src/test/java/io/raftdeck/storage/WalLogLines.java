package io.raftdeck.storage;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** What {@link WriteAheadLog} logs while a test runs something: its promise of one line each. */
final class WalLogLines {

    /** A step of a test that may fail with an I/O error and gives back a value. */
    interface IoCall<T> {
        T call() throws IOException;
    }

    private final List<String> lines = new CopyOnWriteArrayList<>();

    private WalLogLines() {
    }

    /** Runs {@code action} and puts what the WAL logged meanwhile, one message each, in lines. */
    static <T> T capture(List<String> lines, IoCall<T> action) throws IOException {
        WalLogLines captured = new WalLogLines();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                captured.lines.add(new SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(WriteAheadLog.class.getName());
        logger.addHandler(handler);
        try {
            return action.call();
        } finally {
            logger.removeHandler(handler);
            lines.addAll(captured.lines);
        }
    }
}
