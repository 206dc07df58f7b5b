package io.raftdeck.launcher.chaos;

import static io.raftdeck.launcher.chaos.RecordedOperations.append;
import static io.raftdeck.launcher.chaos.RecordedOperations.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftdeck.history.History;
import io.raftdeck.history.Operation;
import io.raftdeck.history.OperationKind;
import io.raftdeck.history.Outcome;
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
        HistoryFile.write(file, new History(List.of()), List.of(
                append(6, "a6-1", 0, 50, Outcome.OK, "committed at index 2 in term 1"),
                append(6, "a6-2", 100, 150, Outcome.UNKNOWN,
                        "append failed:\tINTERNAL\nsecond line")));
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of(HistoryFile.HEADER,
                "6\tAPPEND\t-\ta6-1\t0\t50\tOK\tcommitted at index 2 in term 1\t-",
                "6\tAPPEND\t-\ta6-2\t100\t150\tUNKNOWN\tappend failed: INTERNAL second line\t-"),
                lines);
    }

    @Test
    void keyValueOperationsAndAppendsInterleaveInInvocationOrder() throws Exception {
        // Proves one file of the run: both kinds sorted by invocation, a missed cas with the
        // value it found, and an operation never heard back completing "-".
        Path file = directory.resolve("history.tsv");
        Operation missed = new Operation(9, 2, OperationKind.CAS, "k1", "c2-1", "c9-9", "c1-1",
                Outcome.FAIL, 30, 40);
        Operation open = new Operation(10, 1, OperationKind.PUT, "k1", "c1-2", null, null,
                Outcome.UNKNOWN, 60, Operation.NEVER);
        HistoryFile.write(file, new History(List.of(open, missed,
                put(1, "k1", "c1-1", 0, 10, Outcome.OK))),
                List.of(append(6, "a6-1", 20, 50, Outcome.FAIL, "No leader available")));
        assertEquals(List.of(HistoryFile.HEADER,
                "1\tPUT\tk1\tc1-1\t0\t10\tOK\t-\t-",
                "6\tAPPEND\t-\ta6-1\t20\t50\tFAIL\tNo leader available\t-",
                "2\tCAS\tk1\tc2-1\t30\t40\tFAIL\tc1-1\tc9-9",
                "1\tPUT\tk1\tc1-2\t60\t-\tUNKNOWN\t-\t-"), Files.readAllLines(file));
    }
}
