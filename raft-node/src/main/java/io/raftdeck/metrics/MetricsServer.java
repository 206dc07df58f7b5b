package io.raftdeck.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.raftdeck.node.JvmPauseMonitor;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.RaftNode;
import io.raftdeck.node.StartupException;
import io.raftdeck.transport.LinkFilter;
import io.raftdeck.transport.PeerChannels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A node's HTTP listener for operators ({@code --metrics-listen}): {@code /metrics} in the
 * Prometheus text format (the library's exporter, on the JDK's HTTP server), {@code /livez}
 * and {@code /readyz} as etcd answers them: 200 and {@code ok}, or 503 with each failed check
 * and {@code health check failed}; {@code ?verbose} lists every check,
 * {@code [+]serving ok} or {@code [-]leader failed: no leader}. Off unless asked for.
 */
public final class MetricsServer implements AutoCloseable {

    private final HTTPServer http;
    private final PeerRoundTrips roundTrips;
    private final ManagedChannel self;

    private MetricsServer(HTTPServer http, PeerRoundTrips roundTrips, ManagedChannel self) {
        this.http = http;
        this.roundTrips = roundTrips;
        this.self = self;
    }

    /**
     * Starts the listener on {@code listen} for the node {@code node} serving clients on
     * {@code nodeAddress} (dialed with {@code credentials} for /readyz's read), and its peer
     * round-trip probe.
     *
     * @throws StartupException with one line when the address cannot be bound
     */
    public static MetricsServer start(NodeAddress listen, RaftNode node, NodeAddress nodeAddress,
                                      ChannelCredentials credentials,
                                      Set<Integer> peers, PeerChannels channels,
                                      LinkFilter links, JvmPauseMonitor pauses)
            throws StartupException {
        NodeMetrics metrics = new NodeMetrics(node::snapshot, node.counters(), pauses);
        ManagedChannel self = NettyChannelBuilder
                .forAddress(nodeAddress.host(), nodeAddress.port(), credentials).build();
        HealthChecks checks = new HealthChecks(node, self);
        HTTPServer http;
        try {
            http = HTTPServer.builder()
                    .inetAddress(InetAddress.getByName(listen.host()))
                    .port(listen.port())
                    .registry(metrics.registry())
                    .registerHealthHandler(false)
                    .defaultHandler(exchange -> answer(exchange, checks))
                    .buildAndStart();
        } catch (IOException e) {
            self.shutdownNow();
            throw bindFailure(listen, e);
        }
        PeerRoundTrips roundTrips = new PeerRoundTrips(node.id(), peers, channels, links,
                metrics.roundTrips());
        roundTrips.start();
        return new MetricsServer(http, roundTrips, self);
    }

    /** The port it listens on (the one asked for, or the one chosen for port 0). */
    public int port() {
        return http.getPort();
    }

    @Override
    public void close() {
        roundTrips.close();
        http.close();
        self.shutdownNow();
        try {
            self.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static StartupException bindFailure(NodeAddress listen, IOException e) {
        String reason = e instanceof BindException && String.valueOf(e.getMessage())
                .contains("in use") ? "port " + listen.port() + " is already in use"
                : String.valueOf(e.getMessage());
        return new StartupException("cannot listen for metrics on " + listen + ": " + reason, e);
    }

    private static void answer(HttpExchange exchange, HealthChecks checks) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            List<HealthChecks.Check> results;
            if (path.equals("/livez")) {
                results = checks.livez();
            } else if (path.equals("/readyz")) {
                results = checks.readyz();
            } else {
                send(exchange, 404, "not found: " + path + " (try /metrics, /livez, /readyz)\n");
                return;
            }
            String query = exchange.getRequestURI().getQuery();
            boolean verbose = query != null && List.of(query.split("&")).contains("verbose");
            boolean passed = results.stream().allMatch(HealthChecks.Check::passed);
            StringBuilder body = new StringBuilder();
            for (HealthChecks.Check check : results) {
                if (check.passed() && verbose) {
                    body.append("[+]").append(check.name()).append(" ok\n");
                } else if (!check.passed()) {
                    body.append("[-]").append(check.name()).append(" failed: ")
                            .append(check.failure()).append('\n');
                }
            }
            body.append(passed ? "ok\n" : "health check failed\n");
            send(exchange, passed ? 200 : 503, body.toString());
        }
    }

    private static void send(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
