package io.raftdeck.launcher.endpoint;

import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Prints rows (records) as an aligned table or as a JSON array of objects named by the
 * record's components, for scripts.
 */
final class EndpointRows {

    private EndpointRows() {
    }

    /**
     * @param headers the table's column titles
     * @param cells   one row's cells as text, in the order of {@code headers}
     */
    static <T extends Record> void print(PrintWriter out, OutputFormat format, List<T> rows,
            List<String> headers, Function<T, List<String>> cells) {
        if (format == OutputFormat.json) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                    .toJson(rows));
        } else {
            List<List<String>> lines = new ArrayList<>();
            lines.add(headers);
            rows.forEach(row -> lines.add(cells.apply(row)));
            lines.forEach(line -> out.println(aligned(line, widths(lines))));
        }
        out.flush();
    }

    private static int[] widths(List<List<String>> lines) {
        int[] widths = new int[lines.get(0).size()];
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        return widths;
    }

    private static String aligned(List<String> line, int[] widths) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String cell = line.get(i);
            text.append(cell);
            if (i < widths.length - 1) {
                text.append(" ".repeat(widths[i] - cell.length() + 2));
            }
        }
        return text.toString().stripTrailing();
    }
}
