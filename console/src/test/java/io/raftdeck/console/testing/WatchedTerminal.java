package io.raftdeck.console.testing;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A virtual terminal a test can type into and watch: it wakes waiters on every flush, and
 * remembers whether the screen left private mode (the terminal was given back).
 */
public class WatchedTerminal extends DefaultVirtualTerminal {

    private final Object flushed = new Object();
    private volatile boolean privateModeLeft;
    private long flushes;

    public WatchedTerminal(int columns, int rows) {
        super(new TerminalSize(columns, rows));
    }

    @Override
    public synchronized void flush() {
        super.flush();
        synchronized (flushed) {
            flushes++;
            flushed.notifyAll();
        }
    }

    @Override
    public synchronized void exitPrivateMode() {
        super.exitPrivateMode();
        privateModeLeft = true;
    }

    public boolean privateModeLeft() {
        return privateModeLeft;
    }

    public void type(String text) {
        for (char character : text.toCharArray()) {
            addInput(new KeyStroke(character, false, false));
        }
    }

    public void press(KeyType type) {
        addInput(new KeyStroke(type));
    }

    /** Waits until the screen text satisfies {@code condition}; fails after {@code timeout}. */
    public String awaitScreen(Duration timeout, Predicate<String> condition, String what)
            throws InterruptedException {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seenFlushes;
            synchronized (flushed) {
                seenFlushes = flushes;
            }
            String text = ScreenCapture.of(this).text();
            if (condition.test(text)) {
                return text;
            }
            long leftMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new AssertionError("screen never showed " + what + ":\n" + text);
            }
            synchronized (flushed) {
                if (flushes == seenFlushes) {
                    flushed.wait(Math.min(leftMs, 100));
                }
            }
        }
    }
}
