package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFileTest {

    @TempDir
    Path dir;

    @Test
    void aPageReplacesTheOldOneWholeAndLeavesNoPartFile() throws Exception {
        Path file = dir.resolve("report.html");
        Files.writeString(file, "old");
        ReportFile.write(file, "<p>new</p>");
        assertEquals("<p>new</p>", Files.readString(file));
        assertFalse(Files.exists(dir.resolve("report.html" + ReportFile.PART_SUFFIX)));
    }

    @Test
    void aPathThatCannotTakeTheReportIsNamedBeforeTheRun() {
        assertNull(ReportFile.problem(dir.resolve("report.html")));
        String missing = ReportFile.problem(dir.resolve("no-such-dir").resolve("r.html"));
        assertTrue(missing.contains("does not exist"), missing);
        String directory = ReportFile.problem(dir);
        assertTrue(directory.contains("is a directory"), directory);
    }
}
