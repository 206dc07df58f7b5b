package io.raftdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a script is read into blocks and rewritten: comments and commands stay as written. */
class TranscriptFileTest {

    private static final String SCRIPT = """
            # a comment, kept
            status
            ----
            old line 1
            old line 2

            # an empty output
            hold
            ----

            tick 3
            ----
            stale
            """;

    @Test
    void blocksAreTheCommandsWithTheirOutputsUpToABlankLine(@TempDir Path directory)
            throws IOException {
        TranscriptFile file = TranscriptFile.read(write(directory, SCRIPT));

        List<TranscriptFile.Block> blocks = file.blocks();
        assertEquals(List.of("status", "hold", "tick 3"),
                blocks.stream().map(TranscriptFile.Block::command).toList());
        assertEquals(List.of(2, 8, 11), blocks.stream().map(TranscriptFile.Block::line).toList());
        assertEquals(List.of("old line 1", "old line 2"), blocks.get(0).expected());
        assertEquals(List.of(), blocks.get(1).expected());
        assertEquals(List.of("stale"), blocks.get(2).expected());
    }

    @Test
    void rewritingReplacesOnlyTheOutputs(@TempDir Path directory) throws IOException {
        TranscriptFile file = TranscriptFile.read(write(directory, SCRIPT));

        String rewritten = file.rewritten(List.of(List.of("new"), List.of("holding"),
                List.of("tick 1:", "  1: leader")));

        assertEquals("""
                # a comment, kept
                status
                ----
                new

                # an empty output
                hold
                ----
                holding

                tick 3
                ----
                tick 1:
                  1: leader
                """, rewritten);
    }

    @Test
    void aCommandWithoutItsSeparatorIsRefusedWithItsLine(@TempDir Path directory)
            throws IOException {
        Path script = write(directory, "status\n----\nok\n\ntick\nstatus\n");

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TranscriptFile.read(script));

        assertEquals("script.txt:5: a command must be followed by a line ----: tick",
                refused.getMessage());
    }

    private static Path write(Path directory, String text) throws IOException {
        return Files.writeString(directory.resolve("script.txt"), text);
    }
}
