package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report page in a real browser: headless Chromium loads it from a file, and the DOM it
 * dumps must hold the SVG the page's script draws, so the script ran without error on the
 * run's data. Opt-in, since the default build must not need a browser:
 * {@code ./mvnw -B -q -pl launcher -am test -Dtest=ReportPageBrowserTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Draftdeck.browser=true}, with {@code chromium} on
 * the PATH (Debian: {@code apt-get install chromium}); skipped without it.
 * {@code -Draftdeck.browser.screenshot=FILE} keeps the screenshot.
 */
@EnabledIfSystemProperty(named = "raftdeck.browser", matches = "true")
class ReportPageBrowserTest {

    private static final long CHROMIUM_DEADLINE_S = 60;
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    private static Path chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        chromium = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(entry -> Path.of(entry, "chromium")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        assumeTrue(chromium != null, "no chromium on the PATH");
    }

    @Test
    void chromiumRunsTheScriptAndDrawsEveryPlot() throws Exception {
        Path page = dir.resolve("chaos-report.html");
        ChaosReport report = ReportFixtures.sampleRun(11);
        ReportFile.write(page, ReportPage.render(report, ReportFixtures.MEMBERS));
        int operations = report.history().size() + report.appendHistory().size();

        String dom = run("--dump-dom", page.toUri().toString());
        assertTrue(dom.contains("id=\"timeline-svg\""), "the timeline was drawn");
        assertTrue(dom.contains("id=\"latency-svg\""), "the latency plot was drawn");
        assertEquals(operations, number(dom, "data-drawn=\"(\\d+)\""),
                "the script reached its end, with every operation");
        assertEquals(operations, number(dom, "data-bars=\"(\\d+)\""),
                "a bar per operation on the unzoomed timeline");
        assertTrue(count(dom, "class=\"fault\"") >= 2 * report.faults().size(),
                "each fault window shaded on both plots");
        assertTrue(dom.contains("partition {2,3}|{1,4,5}"), "the fault labels");
        assertTrue(count(dom, "class=\"lat-line\"") >= 2, "p50 and p99 lines");
        assertTrue(count(dom, "class=\"leader\"") == report.leaders().size(), "the leaders");

        // Drag across the timeline, hover a bar, then reset, as a reader would; a script
        // added to a copy of the page does it and writes what it saw into the DOM.
        Path driven = dir.resolve("driven.html");
        Files.writeString(driven, Files.readString(page).replace("</body>",
                "<script>" + READER + "</script></body>"));
        String after = run("--dump-dom", driven.toUri().toString());
        String before = attribute(after, "data-test-before");
        String zoomed = attribute(after, "data-test-zoomed");
        assertTrue(before.startsWith("0.000 s .. ") && !zoomed.startsWith("0.000 s ")
                && !zoomed.equals(before), zoomed);
        assertTrue(Integer.parseInt(attribute(after, "data-test-bars")) < operations,
                "the zoomed timeline draws only what it shows");
        assertTrue(attribute(after, "data-test-tooltip").contains("outcome "),
                () -> "hover shows the operation: " + attribute(after, "data-test-tooltip"));
        assertEquals(before, attribute(after, "data-test-reset"), "reset shows the whole run");

        Path screenshot = dir.resolve("chaos-report.png");
        run("--screenshot=" + screenshot, "--window-size=1400,900", page.toUri().toString());
        byte[] png = Files.readAllBytes(screenshot);
        assertArrayEquals(PNG_MAGIC, Arrays.copyOf(png, 4), "a PNG screenshot");
        String keep = System.getProperty("raftdeck.browser.screenshot");
        if (keep != null) {
            Files.copy(screenshot, Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** What a reader does, in the page: drag from 200 to 400 px, hover a bar, reset. */
    private static final String READER = """
            (function () {
              function mouse(type, target, x, y) {
                target.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX: x,
                  clientY: y, button: 0 }));
              }
              var body = document.body, svg = document.getElementById('timeline-svg');
              var box = svg.getBoundingClientRect(), y = box.top + 60;
              body.setAttribute('data-test-before', document.getElementById('range').textContent);
              mouse('mousedown', svg, box.left + 200, y);
              mouse('mousemove', svg, box.left + 400, y);
              mouse('mouseup', svg, box.left + 400, y);
              body.setAttribute('data-test-zoomed', document.getElementById('range').textContent);
              var target = document.querySelector('#timeline-svg rect.op');
              var bar = target.getBoundingClientRect();
              mouse('mousemove', target, bar.left + 1, bar.top + 1);
              body.setAttribute('data-test-tooltip', document.getElementById('tooltip').textContent);
              body.setAttribute('data-test-bars',
                document.getElementById('timeline-svg').getAttribute('data-bars'));
              document.getElementById('zoom-reset').click();
              body.setAttribute('data-test-reset', document.getElementById('range').textContent);
            }());
            """;

    /** Runs headless chromium once; stops it and its helpers by PID at the deadline. */
    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless",
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(dir.resolve("chromium.err").toFile())
                .start();
        try {
            boolean done = process.waitFor(CHROMIUM_DEADLINE_S, TimeUnit.SECONDS);
            assertTrue(done, "chromium did not finish within " + CHROMIUM_DEADLINE_S + " s");
            assertEquals(0, process.exitValue(), () -> "chromium failed: " + read(dir
                    .resolve("chromium.err")));
        } finally {
            stop(process);
        }
        return read(out);
    }

    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            handle.onExit().completeOnTimeout(handle, 10, TimeUnit.SECONDS).join();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String attribute(String dom, String name) {
        Matcher matcher = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom);
        assertTrue(matcher.find(), "no " + name);
        return matcher.group(1);
    }

    private static int number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertTrue(matcher.find(), "no " + regex);
        return Integer.parseInt(matcher.group(1));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
