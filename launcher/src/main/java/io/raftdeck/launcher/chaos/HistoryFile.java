package io.raftdeck.launcher.chaos;

import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.History;
import io.raftdeck.history.Operation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The history as a tab-separated file, one operation a line in invocation order, for reading
 * after a failed run or feeding to a checker: process, kind, key, value, invoke and complete
 * (ns since the workload started, as recorded), outcome, result, expected (cas only). An
 * append has no key; its value is the command it sent and its result the node's answer or the
 * error. A missing key, value, result or expected value is "-", and so is the completion of
 * an operation never heard back; tabs and line breaks become spaces.
 */
final class HistoryFile {

    static final String HEADER = "process\tkind\tkey\tvalue\tinvoke_ns\tcomplete_ns\toutcome"
            + "\tresult\texpected";

    /** One line before it is written, with its invocation time to sort by. */
    private record Line(long invokeTime, String text) {
    }

    private HistoryFile() {
    }

    static void write(Path file, History history, List<AppendOperation> appends)
            throws IOException {
        List<Line> lines = new ArrayList<>();
        for (Operation op : history.operations()) {
            lines.add(line(op.process(), op.kind().toString(), op.key(), op.value(),
                    op.invokeTime(), op.completeTime(), op.outcome().toString(), op.result(),
                    op.expected()));
        }
        for (AppendOperation append : appends) {
            lines.add(line(append.process(), "APPEND", null, append.command(),
                    append.invokeTime(), append.completeTime(), append.outcome().toString(),
                    append.answer(), null));
        }
        lines.sort(Comparator.comparingLong(Line::invokeTime));
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file,
                StandardCharsets.UTF_8))) {
            out.println(HEADER);
            lines.forEach(line -> out.println(line.text()));
        }
    }

    private static Line line(int process, String kind, String key, String value,
            long invokeTime, long completeTime, String outcome, String result,
            String expected) {
        String completion = completeTime == Operation.NEVER ? "-" : String.valueOf(completeTime);
        return new Line(invokeTime, String.join("\t", String.valueOf(process), kind,
                orDash(key), orDash(value), String.valueOf(invokeTime), completion, outcome,
                orDash(result), orDash(expected)));
    }

    private static String orDash(String text) {
        return text == null ? "-" : text.replaceAll("[\\t\\r\\n]", " ");
    }
}
