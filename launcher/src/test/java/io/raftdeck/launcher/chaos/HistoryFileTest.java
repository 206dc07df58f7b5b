package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftdeck.launcher.chaos.Operation.Kind;
import io.raftdeck.launcher.chaos.Operation.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFileTest {

    @TempDir
    Path directory;

    @Test
    void anAppendIsOneLineWithNoKeyAndItsAnswer() throws Exception {
        // Proves appends fit the file: "-" for the key, the answer as the result, and an
        // error with tabs or line breaks still one line of nine columns.
        Path file = directory.resolve("history.tsv");
        HistoryFile.write(file, List.of(
                new Operation(6, Kind.APPEND, null, "a6-1", 100, 150, Outcome.OK,
                        "committed at index 2 in term 1"),
                new Operation(6, Kind.APPEND, null, "a6-2", 200, 250, Outcome.UNKNOWN,
                        "append failed:\tINTERNAL\nsecond line")), 100);
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of(HistoryFile.HEADER,
                "6\tAPPEND\t-\ta6-1\t0\t50\tOK\tcommitted at index 2 in term 1\t-",
                "6\tAPPEND\t-\ta6-2\t100\t150\tUNKNOWN\tappend failed: INTERNAL second line\t-"),
                lines);
    }
}
