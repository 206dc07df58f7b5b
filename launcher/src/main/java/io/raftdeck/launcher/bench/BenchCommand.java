package io.raftdeck.launcher.bench;

import picocli.CommandLine.Mixin;
import io.raftdeck.launcher.cli.ClientTlsOptions;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.cli.NodeAddressConverter;
import io.raftdeck.launcher.localcluster.ClusterDirectory;
import io.raftdeck.launcher.localcluster.LocalCluster;
import io.raftdeck.launcher.localcluster.LogFile;
import io.raftdeck.launcher.localcluster.LoopbackNodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.StartupException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code raftdeck bench}: a closed-loop load benchmark, or a failover one with --failover. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        header = "Measure throughput and latency under a closed-loop load, or failover times.",
        description = {
            "Starts five node processes on 127.0.0.1 with their data in a temporary",
            "directory (real fsync; deleted at the end), or five nodes in this JVM",
            "(--in-process), or uses a running cluster (--cluster). Then N clients",
            "each keep one request in flight, sending the next from the completion of",
            "the previous (closed loop), straight to the leader (found from the nodes'",
            "status; an answer naming another leader moves them there). The reference",
            "workload is etcd's: 16-byte keys, 64-byte values, puts. After the warmup",
            "(not counted) it measures for --seconds, printing a line each second, and",
            "reports ops/s, latency p50/p90/p99/p99.9/max, errors by kind, and the",
            "leader's fsyncs per second and entries per fsync over the window.",
            "",
            "With --failover one client writes while the leader is killed (SIGKILL) each",
            "round; it reports the time from the kill to a new leader seen and to the",
            "first put that succeeded (min, median, p90, max), restarting the killed node",
            "between rounds.",
            "",
        })
public final class BenchCommand implements Callable<Integer> {

    static final int DEFAULT_BASE_PORT = 5201;

    @Spec
    private CommandSpec spec;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "1",
            description = "Closed-loop clients, one request in flight each (default: "
                    + "${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "Length of the measured window (default: ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "20",
            description = "Load before the window, not counted, while the JVMs compile the "
                    + "hot paths (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--value-size", paramLabel = "B", defaultValue = "64",
            description = "Bytes of each value written (default: ${DEFAULT-VALUE}).")
    private int valueSize;

    @Option(names = "--key-size", paramLabel = "B", defaultValue = "16",
            description = "Bytes of each key: zero-padded decimal (default: ${DEFAULT-VALUE}).")
    private int keySize;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "1000",
            description = "Size of the key space, drawn from uniformly; it bounds the state "
                    + "machine (default: ${DEFAULT-VALUE}).")
    private int keys;

    @Option(names = "--op", paramLabel = "put|get|mixed", defaultValue = "put",
            converter = BenchOp.Converter.class,
            description = "What each request is: put, linearizable get, or mixed (half each) "
                    + "(default: ${DEFAULT-VALUE}).")
    private BenchOp op;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the keys, operations and values (default: a random one, "
                    + "printed).")
    private Long seed;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "1",
            description = "gRPC connections per node, shared by the clients in turn "
                    + "(default: ${DEFAULT-VALUE}, as etcd's benchmark).")
    private int connections;

    @Option(names = "--in-process",
            description = "Run the five nodes in this JVM instead of as processes.")
    private boolean inProcess;

    @Option(names = "--cluster", split = ",", paramLabel = "HOST:PORT",
            converter = NodeAddressConverter.class,
            description = "Use this running cluster (give every node) instead of starting one.")
    private List<NodeAddress> cluster;

    /** --tls-ca, --tls-cert, --tls-key: for a --cluster that serves TLS. */
    @Mixin
    private ClientTlsOptions tls;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_BASE_PORT,
            description = "Port of node 1 of the started nodes; node n uses BASE_PORT + n - 1 "
                    + "(default: ${DEFAULT-VALUE}).")
    private int basePort;

    @Option(names = "--node-jvm-options", paramLabel = "OPTIONS",
            defaultValue = "-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            description = "JVM options of the node processes, space-separated (default: "
                    + "${DEFAULT-VALUE}: a heap capped at 128 MiB; the C1 compiler alone and "
                    + "the serial collector, since five JVMs on one small machine spend more "
                    + "CPU compiling with C2 than its faster code saves; see "
                    + "docs/PERFORMANCE.md).")
    private String nodeJvmOptions;

    @Option(names = "--request-timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "Deadline of one request; a request past it counts as an error "
                    + "(default: ${DEFAULT-VALUE}).")
    private long requestTimeoutMs;

    @Option(names = "--start-timeout-ms", paramLabel = "MS", defaultValue = "60000",
            description = "How long the nodes may take to serve and elect a leader, at the "
                    + "start and after a restart (default: ${DEFAULT-VALUE}).")
    private long startTimeoutMs;

    /** Clients of the load that warms the cluster up before failover rounds. */
    private static final int FAILOVER_WARMUP_CLIENTS = 16;

    @Option(names = "--watch-events",
            description = "Attach one WatchEvents subscriber (messages included) to every node "
                    + "for the run, to measure what watching a node costs it; a measurement "
                    + "option, not a setting.")
    private boolean watchEvents;

    @Option(names = "--failover",
            description = "Measure failover instead: kill the leader each round (see above).")
    private boolean failover;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "20",
            description = "Rounds of --failover (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        BenchSettings settings = new BenchSettings(clients, seconds, warmup, keySize,
                valueSize, keys, op, runSeed, connections, requestTimeoutMs);
        print(out, "raftdeck bench: " + (failover ? "failover, " + rounds + " rounds, one "
                + "client putting " + keySize + "-byte keys and " + valueSize + "-byte values, "
                + "seed " + runSeed : settings.describe()) + " (repeat with --seed " + runSeed
                + ")");
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                runnable -> {
                    Thread thread = new Thread(runnable, "raftdeck-bench");
                    thread.setDaemon(true);
                    return thread;
                });
        ClusterDirectory directory = cluster != null ? null
                : ClusterDirectory.disposable(BenchTarget.DIRECTORY_PREFIX);
        tls.requireCluster(cluster != null, spec.commandLine());
        try (ClientChannels channels = new ClientChannels(connections,
                tls.credentials(spec.commandLine()));
                LogFile log = inProcess ? BenchTarget.log(directory) : null;
                LocalCluster target = target(directory, channels, out)) {
            print(out, "target: " + target.description() + (directory == null ? ""
                    : ", data in " + DataPlace.describe(directory.root())));
            StatusPoller poller = new StatusPoller(channels, requestTimeoutMs);
            if (failover) {
                warmUpForFailover(settings, target, channels, poller, scheduler, out);
                FailoverRun run = new FailoverRun(target, settings, rounds, channels, poller,
                        scheduler, out);
                List<FailoverRound> done = run.run();
                FailoverReport.lines(done, target.killMethod(), run.errors())
                        .forEach(out::println);
            } else {
                EventSubscribers subscribers = watchEvents
                        ? new EventSubscribers(target.members().values(), channels) : null;
                LoadResult result;
                try {
                    result = new LoadRun(settings, target.members(), channels, poller,
                            scheduler, startTimeoutMs, out).run();
                } finally {
                    if (subscribers != null) {
                        subscribers.close();
                    }
                }
                LoadReport.lines(result).forEach(out::println);
                if (subscribers != null) {
                    print(out, subscribers.describe());
                }
                if (result.completed() == 0) {
                    throw new CommandFailure(ExitCodes.NO_LEADER,
                            "no request completed in the measured window");
                }
            }
            out.flush();
        } finally {
            scheduler.shutdownNow();
        }
        return ExitCodes.OK;
    }

    /**
     * Loads the cluster for --warmup seconds before the first kill, so that the rounds time
     * failover, not the first seconds of five JVMs still compiling their hot paths.
     */
    private void warmUpForFailover(BenchSettings settings, LocalCluster target,
                                   ClientChannels channels, StatusPoller poller,
                                   ScheduledExecutorService scheduler, PrintWriter out)
            throws Exception {
        if (warmup == 0) {
            return;
        }
        print(out, "warming up: " + warmup + " s of load before the first kill (not measured)");
        BenchSettings load = new BenchSettings(FAILOVER_WARMUP_CLIENTS, 1, warmup, keySize,
                valueSize, keys, BenchOp.PUT, settings.seed(), connections, requestTimeoutMs);
        new LoadRun(load, target.members(), channels, poller, scheduler, startTimeoutMs,
                new PrintWriter(java.io.Writer.nullWriter())).run();
    }

    private LocalCluster target(ClusterDirectory directory, ClientChannels channels,
            PrintWriter out) throws StartupException, InterruptedException {
        if (cluster != null) {
            return BenchTarget.given(cluster, new StatusPoller(channels, requestTimeoutMs),
                    requestTimeoutMs, tls.credentials(spec.commandLine()));
        }
        if (inProcess) {
            return BenchTarget.inThisJvm(directory, basePort);
        }
        return BenchTarget.processes(directory, basePort, Duration.ofMillis(startTimeoutMs),
                jvmOptions(nodeJvmOptions), out);
    }

    static List<String> jvmOptions(String options) {
        return Arrays.stream(options.strip().split("\\s+")).filter(word -> !word.isEmpty())
                .toList();
    }

    private void validate() {
        String problem = firstProblem(spec.commandLine().getParseResult());
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }

    private String firstProblem(ParseResult given) {
        if (inProcess && cluster != null) {
            return "--in-process and --cluster exclude each other";
        }
        if (failover) {
            for (String loadOnly : List.of("--clients", "--seconds", "--op",
                    "--connections")) {
                if (given.hasMatchedOption(loadOnly)) {
                    return loadOnly + " does not go with --failover: one client writes through "
                            + "every round";
                }
            }
            if (cluster != null) {
                return "--failover kills nodes, so it needs the nodes bench starts itself "
                        + "(the default, or --in-process), not --cluster";
            }
            if (rounds < 1 || rounds > 1000) {
                return "--rounds must be 1..1000, was " + rounds;
            }
        } else if (given.hasMatchedOption("--rounds")) {
            return "--rounds is for --failover";
        }
        if (cluster != null && given.hasMatchedOption("--base-port")) {
            return "--base-port is for the nodes bench starts; it cannot go with --cluster";
        }
        if ((cluster != null || inProcess) && given.hasMatchedOption("--node-jvm-options")) {
            return "--node-jvm-options is for the node processes bench starts by default";
        }
        if (clients < 1 || clients > 10_000) {
            return "--clients must be 1..10000, was " + clients;
        }
        if (seconds < 1 || seconds > 86_400) {
            return "--seconds must be 1..86400, was " + seconds;
        }
        if (warmup < 0 || warmup > 3_600) {
            return "--warmup must be 0..3600, was " + warmup;
        }
        if (valueSize < 0 || valueSize > 1_000_000) {
            return "--value-size must be 0..1000000 bytes, was " + valueSize;
        }
        if (keys < 1 || keys > 100_000_000) {
            return "--keys must be 1..100000000, was " + keys;
        }
        if (keySize < 1 || keySize > 1024) {
            return "--key-size must be 1..1024 bytes, was " + keySize;
        }
        if (keySize < BenchSettings.digitsFor(keys)) {
            return "--key-size " + keySize + " is too small for --keys " + keys + ": key "
                    + (keys - 1) + " needs " + BenchSettings.digitsFor(keys) + " bytes";
        }
        if (connections < 1 || connections > 64) {
            return "--connections must be 1..64, was " + connections;
        }
        if (requestTimeoutMs < 100 || requestTimeoutMs > 600_000) {
            return "--request-timeout-ms must be 100..600000, was " + requestTimeoutMs;
        }
        if (startTimeoutMs < 1) {
            return "--start-timeout-ms must be >= 1, was " + startTimeoutMs;
        }
        if (cluster == null && (basePort < 1 || basePort + LoopbackNodes.NODE_COUNT - 1 > 65535)) {
            return "--base-port " + basePort + " leaves no room for " + LoopbackNodes.NODE_COUNT
                    + " ports below 65536";
        }
        return null;
    }

    private static void print(PrintWriter out, String line) {
        out.println(line);
        out.flush();
    }
}
