package io.raftdeck.sim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Runs every scenario script in {@code src/test/testdata/*.txt} (etcd's datadriven shape, see
 * {@link TranscriptFile}; the commands are {@link TranscriptDriver}'s) on a fresh simulated
 * cluster, one test per file, and proves each command still prints its checked-in output. On
 * a mismatch the test fails at the command's file:line with the expected and actual output.
 * A broken safety property fails the script wherever it happens.
 *
 * <p>{@code -Drewrite=true} writes the actual outputs into the scripts in the source tree
 * instead of failing (comments and commands stay as written); review the diff before
 * committing it:
 * <pre>
 * ./mvnw -B -q -pl raft-node -am test -Dtest=TranscriptTest -Drewrite=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class TranscriptTest {

    /** Relative to the module: surefire runs tests in the module's base directory. */
    private static final Path TESTDATA = Path.of("src", "test", "testdata");

    @TestFactory
    Stream<DynamicTest> everyScriptPrintsItsTranscript() throws IOException {
        Path directory = Path.of(System.getProperty("basedir", ".")).resolve(TESTDATA);
        List<Path> scripts;
        try (Stream<Path> files = Files.list(directory)) {
            scripts = files.filter(file -> file.toString().endsWith(".txt")).sorted().toList();
        }
        assertFalse(scripts.isEmpty(), "no scripts in " + directory.toAbsolutePath());
        boolean rewrite = Boolean.getBoolean("rewrite");
        return scripts.stream().map(script -> dynamicTest(script.getFileName().toString(),
                script.toUri(), () -> run(TranscriptFile.read(script), rewrite)));
    }

    private static void run(TranscriptFile script, boolean rewrite) throws IOException {
        TranscriptDriver driver = new TranscriptDriver();
        List<List<String>> outputs = new ArrayList<>();
        for (TranscriptFile.Block block : script.blocks()) {
            String where = script.path.getFileName() + ":" + block.line() + ": " + block.command();
            List<String> actual = runBlock(driver, block, where);
            if (!rewrite && !actual.equals(block.expected())) {
                throw new AssertionFailedError(where + "\nexpected:\n" + indent(block.expected())
                        + "actual:\n" + indent(actual)
                        + "(-Drewrite=true writes the actual output into the script)",
                        String.join("\n", block.expected()), String.join("\n", actual));
            }
            outputs.add(actual);
        }
        if (rewrite) {
            String rewritten = script.rewritten(outputs);
            if (!rewritten.equals(Files.readString(script.path, StandardCharsets.UTF_8))) {
                Files.writeString(script.path, rewritten, StandardCharsets.UTF_8);
                System.out.println("rewrote " + script.path.toAbsolutePath());
            }
        }
    }

    private static List<String> runBlock(TranscriptDriver driver, TranscriptFile.Block block,
                                         String where) {
        try {
            return driver.run(block.command());
        } catch (ScriptArguments.ScriptError error) {
            throw new AssertionFailedError(where + "\n" + error.getMessage(), error);
        } catch (SafetyViolation violation) {
            throw new AssertionFailedError(where + "\n" + violation.getMessage() + "\n"
                    + driver.describe(), violation);
        }
    }

    private static String indent(List<String> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append("  ").append(line).append('\n'));
        return text.toString();
    }
}
