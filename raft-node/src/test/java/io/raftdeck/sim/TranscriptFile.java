package io.raftdeck.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario script in the shape of etcd's datadriven tests: blocks of a command line,
 * {@code ----}, and the output the command must print, up to a blank line. Lines starting with
 * {@code #} between blocks are comments for the reader; they, the commands and the blank lines
 * stay as written when the outputs are rewritten. An output therefore never holds a blank line.
 */
final class TranscriptFile {

    static final String SEPARATOR = "----";

    /**
     * One command with its expected output; {@code line} is the command's line (from 1), and
     * the output takes the file's lines [outputStart, outputEnd) (from 0).
     */
    record Block(int line, String command, List<String> expected, int outputStart,
                 int outputEnd) {
    }

    final Path path;
    private final List<String> lines;
    private final List<Block> blocks;

    private TranscriptFile(Path path, List<String> lines, List<Block> blocks) {
        this.path = path;
        this.lines = lines;
        this.blocks = blocks;
    }

    static TranscriptFile read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                i++;
                continue;
            }
            if (i + 1 >= lines.size() || !lines.get(i + 1).equals(SEPARATOR)) {
                throw new IllegalArgumentException(path.getFileName() + ":" + (i + 1)
                        + ": a command must be followed by a line " + SEPARATOR + ": " + line);
            }
            int end = i + 2;
            while (end < lines.size() && !lines.get(end).isBlank()) {
                end++;
            }
            blocks.add(new Block(i + 1, line.strip(), List.copyOf(lines.subList(i + 2, end)),
                    i + 2, end));
            i = end;
        }
        return new TranscriptFile(path, lines, blocks);
    }

    List<Block> blocks() {
        return blocks;
    }

    /** The file with each block's output replaced by {@code outputs}, one per block. */
    String rewritten(List<List<String>> outputs) {
        if (outputs.size() != blocks.size()) {
            throw new IllegalArgumentException(outputs.size() + " outputs for " + blocks.size()
                    + " blocks");
        }
        List<String> result = new ArrayList<>();
        int copied = 0;
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            result.addAll(lines.subList(copied, block.outputStart()));
            result.addAll(outputs.get(b));
            copied = block.outputEnd();
        }
        result.addAll(lines.subList(copied, lines.size()));
        return String.join("\n", result) + "\n";
    }
}
