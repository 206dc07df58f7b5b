package io.raftdeck.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.raftdeck.integration.TestCluster;
import io.raftdeck.node.NodeAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes five nodes' metrics listeners every second; the test asks it back,
 * through its HTTP API, whether every node has a leader. Skipped only where the prometheus
 * binary is not installed ({@code .ci/run} installs it).
 */
class PrometheusScrapeIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(250);
    /** One result of an instant vector: its instance label and its value. */
    private static final Pattern RESULT = Pattern.compile(
            "\\{\"metric\":\\{[^}]*\"instance\":\"([^\"]+)\"[^}]*\\},"
                    + "\"value\":\\[[^,\\]]+,\"([^\"]+)\"\\]\\}");

    @TempDir
    Path directory;

    @Test
    void prometheusSeesALeaderOnAllFiveNodes() throws Exception {
        Optional<Path> binary = PrometheusServer.binary();
        assumeTrue(binary.isPresent(), "prometheus is not installed");
        try (TestCluster cluster = TestCluster.start(5, Files.createDirectory(
                directory.resolve("nodes")))) {
            // Drawn once the nodes are bound: drawn before, a metrics port could be one the
            // cluster then draws for a node (both free a moment earlier), and fail to bind.
            List<Integer> ports = TestCluster.freePorts(6);
            List<Integer> targets = ports.subList(0, 5);
            for (int id : cluster.ids()) {
                cluster.node(id).serveMetrics(new NodeAddress("127.0.0.1", targets.get(id - 1)));
            }
            try (PrometheusServer prometheus = PrometheusServer.start(binary.get(),
                    Files.createDirectory(directory.resolve("prometheus")), ports.get(5),
                    targets)) {
                String query = "/api/v1/query?query="
                        + URLEncoder.encode("raftdeck_server_has_leader", StandardCharsets.UTF_8);
                Map<String, String> expected = new TreeMap<>();
                targets.forEach(port -> expected.put("127.0.0.1:" + port, "1"));
                AtomicReference<Map<String, String>> seen = new AtomicReference<>(Map.of());
                try {
                    TestCluster.await("Prometheus to report raftdeck_server_has_leader 1 for all"
                            + " five nodes", WAIT, POLL, () -> {
                                if (!prometheus.isAlive()) {
                                    throw new AssertionError("prometheus exited: "
                                            + prometheus.log());
                                }
                                seen.set(hasLeader(prometheus.port(), query));
                                return seen.get().equals(expected);
                            });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; last answer " + seen.get()
                            + "; log: " + prometheus.log(), e);
                }
                assertEquals(expected, seen.get());
            }
        }
    }

    /** Each instance's value of the query, or nothing while Prometheus is not up yet. */
    private static Map<String, String> hasLeader(int port, String query) {
        Optional<HttpGet.Answer> answer = HttpGet.tryGet(port, query);
        Map<String, String> values = new TreeMap<>();
        if (answer.isPresent() && answer.get().code() == 200) {
            Matcher result = RESULT.matcher(answer.get().body());
            while (result.find()) {
                values.put(result.group(1), result.group(2));
            }
        }
        return values;
    }
}
