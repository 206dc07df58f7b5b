package io.raftdeck.launcher.bench;

import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.node.NodeAddress;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * One closed-loop load: every client starts once a leader is known and keeps one request in
 * flight; a progress line each second; first the warmup (not counted), then the measured
 * window, whose bounds are the moments the latency intervals are swapped, so a request counts
 * in the window exactly when it completed inside it. The leader's durability counters are
 * read at both ends. Then no new request is sent and the ones in flight end by their deadline.
 */
final class LoadRun implements ClosedLoopClient.Outcomes {

    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Status reads of the fsync counters; a healthy node answers in a millisecond. */
    private static final long STATUS_TIMEOUT_MS = 2_000;

    private final BenchSettings settings;
    private final SortedMap<Integer, NodeAddress> members;
    private final ClientChannels channels;
    private final StatusPoller poller;
    private final ScheduledExecutorService scheduler;
    private final long leaderWaitMs;
    private final PrintWriter out;
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final CountDownLatch refused = new CountDownLatch(1);
    /** The current phase's tally; null once the window is over (those are not counted). */
    private volatile ErrorTally errors;
    private volatile boolean stopping;
    private volatile String refusal;

    LoadRun(BenchSettings settings, SortedMap<Integer, NodeAddress> members,
            ClientChannels channels, StatusPoller poller, ScheduledExecutorService scheduler,
            long leaderWaitMs, PrintWriter out) {
        this.settings = settings;
        this.members = new TreeMap<>(members);
        this.channels = channels;
        this.poller = poller;
        this.scheduler = scheduler;
        this.leaderWaitMs = leaderWaitMs;
        this.out = out;
    }

    LoadResult run() throws InterruptedException {
        ErrorTally warmupErrors = new ErrorTally();
        ErrorTally windowErrors = new ErrorTally();
        List<ClosedLoopClient> clients = new ArrayList<>();
        LeaderRoute route = new LeaderRoute(members, poller, channels, scheduler);
        try {
            awaitLeader(route, leaderWaitMs);
            SecureRandom sessions = new SecureRandom();
            for (int i = 0; i < settings.clients(); i++) {
                clients.add(new ClosedLoopClient(i, new Workload(settings, i), route, channels,
                        settings.requestTimeoutMs(), sessions.nextLong(), this,
                        () -> stopping));
            }
            int warmup = settings.warmupSeconds();
            int ticks = warmup + settings.seconds();
            errors = warmup > 0 ? warmupErrors : windowErrors;
            long startNanos = System.nanoTime();
            latencies.interval(); // starts the first interval now
            clients.forEach(ClosedLoopClient::start);
            Optional<PersistSample> first = warmup > 0 ? Optional.empty() : sample();
            Histogram window = LatencyRecorder.emptyHistogram();
            long warmupOps = 0;
            long windowStart = startNanos;
            long windowEnd = startNanos;
            long lastTick = startNanos;
            for (int tick = 1; tick <= ticks; tick++) {
                long waitNanos = startNanos + tick * SECOND_NANOS - System.nanoTime();
                if (refused.await(Math.max(0, waitNanos), TimeUnit.NANOSECONDS)) {
                    break;
                }
                Histogram interval = latencies.interval();
                long now = System.nanoTime();
                double seconds = (now - lastTick) / 1e9;
                lastTick = now;
                if (tick <= warmup) {
                    warmupOps += interval.getTotalCount();
                    print(LoadReport.warmupProgress(tick, warmup, interval, seconds));
                    if (tick == warmup) {
                        errors = windowErrors;
                        windowStart = now;
                        first = sample();
                    }
                } else {
                    window.add(interval);
                    if (tick == ticks) {
                        errors = null;
                        windowEnd = now;
                    }
                    print(LoadReport.progress(tick - warmup, settings.seconds(),
                            window.getTotalCount(), interval, seconds, windowErrors.total()));
                }
            }
            Optional<PersistSample> last = sample();
            if (refusal != null) {
                throw refusedFailure();
            }
            return new LoadResult(settings, windowEnd - windowStart, window,
                    windowErrors.byKind(), warmupOps, warmupErrors.byKind(),
                    LeaderFsyncs.between(first.orElse(null), last.orElse(null)));
        } finally {
            stopping = true;
            route.close();
            drain(clients);
        }
    }

    @Override
    public void succeeded(long invokeNanos, long completeNanos) {
        latencies.record(completeNanos - invokeNanos);
    }

    @Override
    public void failed(String kind, long invokeNanos, long completeNanos) {
        ErrorTally current = errors;
        if (current != null) {
            current.add(kind);
        }
    }

    @Override
    public void refused(String kind) {
        if (refusal == null) {
            refusal = kind;
        }
        stopping = true;
        refused.countDown();
    }

    /** Waits until some node says it leads, or fails the run with NO_LEADER. */
    static void awaitLeader(LeaderRoute route, long waitMs) throws InterruptedException {
        CompletableFuture<Void> known = new CompletableFuture<>();
        route.whenKnown(() -> known.complete(null));
        try {
            known.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CommandFailure(ExitCodes.NO_LEADER, "no node was leader within "
                    + waitMs + " ms");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (route.leader() == null) {
            throw new CommandFailure(ExitCodes.NO_LEADER, "no node was leader");
        }
    }

    private CommandFailure refusedFailure() {
        boolean badRequest = refusal.startsWith("INVALID_ARGUMENT")
                || refusal.startsWith("OUT_OF_RANGE");
        return new CommandFailure(badRequest ? ExitCodes.USAGE : ExitCodes.INTERNAL,
                "the cluster refused a request, so the run stopped: " + refusal);
    }

    private Optional<PersistSample> sample() throws InterruptedException {
        return PersistSample.read(poller, members.values(), STATUS_TIMEOUT_MS);
    }

    /** Every request in flight ends by its deadline; this waits that long at most. */
    private void drain(List<ClosedLoopClient> clients) throws InterruptedException {
        CompletableFuture<?>[] finished = clients.stream().map(ClosedLoopClient::finished)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(finished).get(settings.requestTimeoutMs() + 2_000,
                    TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Closing the channels cancels whatever is left; nothing more is counted.
        }
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }
}
