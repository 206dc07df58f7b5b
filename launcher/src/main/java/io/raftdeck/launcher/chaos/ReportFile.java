package io.raftdeck.launcher.chaos;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where {@code --report} writes: checked before the run starts, so a typo costs no minutes of
 * chaos, and written whole or not at all (OUT.part beside it, synced, then renamed), so a
 * reader never opens half a page and a failed write leaves an earlier report in place.
 */
final class ReportFile {

    static final String PART_SUFFIX = ".part";

    private ReportFile() {
    }

    /** Why {@code file} cannot take the report, or null when it can. */
    static String problem(Path file) {
        Path absolute = file.toAbsolutePath();
        Path parent = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            return "--report " + file + " is a directory; give a file name such as "
                    + "chaos-report.html";
        }
        if (parent == null || !Files.isDirectory(parent)) {
            return "--report " + file + ": directory " + parent + " does not exist";
        }
        if (!Files.isWritable(parent)) {
            return "--report " + file + ": directory " + parent + " is not writable";
        }
        if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            return "--report " + file + " exists and is not writable";
        }
        return null;
    }

    static void write(Path file, String page) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path part = absolute.resolveSibling(absolute.getFileName() + PART_SUFFIX);
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(page.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, absolute, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
