package io.raftdeck.launcher.client;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeEvent;
import io.raftdeck.proto.v1.WatchEventsRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code raftdeck events}: every node's WatchEvents stream, one line per event. */
@Command(name = "events",
        mixinStandardHelpOptions = true,
        header = "Print what the nodes do and why, as it happens.",
        description = {
            "Subscribes to every node in --cluster (AdminService.WatchEvents) and prints each",
            "event as one line: the node's time, node id, term, kind and what happened with",
            "its reason (a refused vote says which rule refused it, a commit which acks made",
            "it). Stops after --count events or --seconds, whichever comes first, or when",
            "every stream has ended. Exits 3 when no node could be subscribed to.",
        })
public final class EventsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final NodeEvent END = NodeEvent.getDefaultInstance();

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Option(names = "--messages",
            description = "Also print the messages the nodes send and receive.")
    private boolean messages;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000",
            description = "Stop after this many events (default: ${DEFAULT-VALUE}).")
    private long count;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "60",
            description = "Stop after this long (default: ${DEFAULT-VALUE}).")
    private long seconds;

    @Override
    public Integer call() throws InterruptedException {
        if (count < 1 || seconds < 1) {
            throw new ParameterException(spec.commandLine(), "--count and --seconds must be"
                    + " >= 1, were " + count + " and " + seconds);
        }
        BlockingQueue<NodeEvent> arrived = new LinkedBlockingQueue<>();
        AtomicInteger open = new AtomicInteger();
        StringBuilder failures = new StringBuilder();
        Context.CancellableContext calls = Context.current().withCancellation();
        PrintWriter out = spec.commandLine().getOut();
        try (ClusterClient cluster = client.connect(spec)) {
            calls.run(() -> {
                for (NodeAddress node : cluster.nodes()) {
                    open.incrementAndGet();
                    AdminServiceGrpc.newStub(cluster.channel(node)).watchEvents(
                            WatchEventsRequest.newBuilder().setIncludeMessages(messages).build(),
                            new StreamObserver<>() {
                                @Override
                                public void onNext(NodeEvent event) {
                                    arrived.add(event);
                                }

                                @Override
                                public void onError(Throwable error) {
                                    synchronized (failures) {
                                        failures.append(failures.length() == 0 ? "" : "; ")
                                                .append(node).append(": ")
                                                .append(Status.fromThrowable(error)
                                                        .getDescription());
                                    }
                                    arrived.add(END);
                                }

                                @Override
                                public void onCompleted() {
                                    arrived.add(END);
                                }
                            });
                }
            });
            long printed = print(arrived, open, out);
            out.flush();
            if (printed == 0 && open.get() == 0) {
                throw new CommandFailure(ExitCodes.NO_LEADER, "no node streamed events: "
                        + failures);
            }
        } finally {
            calls.cancel(null);
        }
        return ExitCodes.OK;
    }

    /** Prints until --count, --seconds, or every stream ended; returns how many it printed. */
    private long print(BlockingQueue<NodeEvent> arrived, AtomicInteger open, PrintWriter out)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long printed = 0;
        while (printed < count && open.get() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            NodeEvent event = arrived.poll(left, TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            if (event == END) {
                open.decrementAndGet();
                continue;
            }
            out.println(line(event));
            out.flush();
            printed++;
        }
        return printed;
    }

    static String line(NodeEvent event) {
        String time = TIME.format(Instant.ofEpochMilli(event.getWallTimeMs())
                .atZone(ZoneId.systemDefault()));
        return time + " node " + event.getNodeId() + " t" + event.getTerm() + " "
                + String.format("%-8s", event.getKind()) + " " + event.getText();
    }
}
