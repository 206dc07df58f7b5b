package io.raftdeck.launcher.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * The history as a tab-separated file, one operation a line in invocation order, for reading
 * after a failed run or feeding to a checker: process, kind, key, value, invoke and complete
 * (ns since the workload started), outcome, result, expected (cas only). An append has no
 * key; its value is the command it sent and its result the node's answer or the error. A
 * missing key, value, result or expected value is "-"; tabs and line breaks become spaces.
 */
final class HistoryFile {

    static final String HEADER = "process\tkind\tkey\tvalue\tinvoke_ns\tcomplete_ns\toutcome"
            + "\tresult\texpected";

    private HistoryFile() {
    }

    static void write(Path file, List<Operation> operations, long startNanos) throws IOException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file,
                StandardCharsets.UTF_8))) {
            out.println(HEADER);
            operations.stream().sorted(Comparator.comparingLong(Operation::invokeNanos))
                    .forEach(op -> out.println(String.join("\t", String.valueOf(op.process()),
                            op.kind().toString(), orDash(op.key()), orDash(op.value()),
                            String.valueOf(op.invokeNanos() - startNanos),
                            String.valueOf(op.completeNanos() - startNanos),
                            op.outcome().toString(), orDash(op.result()),
                            orDash(op.expected()))));
        }
    }

    private static String orDash(String text) {
        return text == null ? "-" : text.replaceAll("[\\t\\r\\n]", " ");
    }
}
