package io.raftdeck.launcher.localcluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a child's log file to tell the user, in one line, why the child stopped. */
final class ChildLogs {

    /** The tail read from the log: a node's last words are one error line, well within it. */
    private static final int TAIL_BYTES = 4096;
    private static final int MAX_LINE_CHARS = 200;

    private ChildLogs() {
    }

    /** "node 3 exited with code 2 before serving: error: port 5003 is already in use (...)". */
    static String exitedEarly(int id, int exitCode, Path log) {
        String lastLine = lastLine(log);
        return "node " + id + " exited with code " + exitCode + " before serving"
                + (lastLine.isEmpty() ? "" : ": " + lastLine) + " (its log: " + log + ")";
    }

    /** The last non-blank line of {@code log}, shortened; empty when there is none. */
    static String lastLine(Path log) {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            long start = Math.max(0, channel.size() - TAIL_BYTES);
            ByteBuffer tail = ByteBuffer.allocate((int) (channel.size() - start));
            channel.position(start);
            while (tail.hasRemaining() && channel.read(tail) >= 0) {
                // read until the buffer is full; the file only grows
            }
            List<String> lines = new String(tail.array(), 0, tail.position(),
                    StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
            if (lines.isEmpty()) {
                return "";
            }
            String last = lines.get(lines.size() - 1).strip();
            return last.length() <= MAX_LINE_CHARS ? last
                    : last.substring(0, MAX_LINE_CHARS) + "…";
        } catch (IOException unreadable) {
            return "";
        }
    }
}
