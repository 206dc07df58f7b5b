package io.raftdeck.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.raftdeck.node.ProposalException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The router's decisions, driven by hand over its seams: no gRPC, no threads, no clock. Each
 * test names the rule of {@link LeaderRouting} it checks.
 */
class LeaderRoutingTest {

    private static final long RETRY_MS = 20;
    private static final long NO_LEADER_WAIT_MS = 300;
    private static final long COMMIT_TIMEOUT_MS = 5_000;

    private final ManualTime time = new ManualTime();
    private final FakeNode node = new FakeNode();
    private final FakeForwarder forwarder = new FakeForwarder();
    private final List<CompletableFuture<String>> localRuns = new ArrayList<>();
    private final LeaderRouting routing = new LeaderRouting(node, time,
            new LeaderRouting.Timeouts(COMMIT_TIMEOUT_MS, NO_LEADER_WAIT_MS, RETRY_MS));

    @Test
    void aForwardedRequestOnANodeThatDoesNotLeadFailsAtOnceAndNeverBounces() {
        // Proves two nodes with stale views cannot pass a request back and forth.
        node.view = new RoutingNode.View(null, false, 2);
        CompletableFuture<String> result = write(true, LeaderRouting.NO_DEADLINE);
        Throwable failure = failure(result);
        assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(failure).getCode());
        assertTrue(WriteOutcome.isNotProposed(failure), "it reached no log");
        assertEquals(0, forwarder.calls.size(), "it must not be forwarded again");
    }

    @Test
    void withNoLeaderAWriteInNoLogGivesUpAfterTheWaitAsNotProposed() {
        // Proves NO_LEADER comes after noLeaderWaitMs, marked not proposed, so a client may
        // send it again elsewhere.
        node.view = new RoutingNode.View(null, false, 0);
        CompletableFuture<String> result = write(false, LeaderRouting.NO_DEADLINE);
        time.advanceMs(NO_LEADER_WAIT_MS - RETRY_MS);
        assertFalse(result.isDone(), "it waits for a leader first");
        time.advanceMs(RETRY_MS);
        Throwable failure = failure(result);
        assertEquals(LeaderRouting.NO_LEADER, Status.fromThrowable(failure).getDescription());
        assertTrue(WriteOutcome.isNotProposed(failure));
    }

    @Test
    void aWriteThatMayBeInALogWaitsForALeaderUntilTheDeadlineAndEndsUnknown() {
        // Proves a write a deposed leader appended never hears "not proposed".
        node.view = new RoutingNode.View(null, true, 1);
        CompletableFuture<String> result = write(false, LeaderRouting.NO_DEADLINE);
        node.view = new RoutingNode.View(null, false, 0);
        localRuns.get(0).completeExceptionally(new ProposalException(
                ProposalException.Reason.LEADERSHIP_LOST, "lost leadership"));
        time.advanceMs(NO_LEADER_WAIT_MS * 2);
        assertFalse(result.isDone(), "the next leader can tell whether it committed");
        time.advanceMs(COMMIT_TIMEOUT_MS);
        Throwable failure = failure(result);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, Status.fromThrowable(failure).getCode());
        assertTrue(WriteOutcome.isUnknown(Status.fromThrowable(failure)), failure.toString());
        assertFalse(WriteOutcome.isNotProposed(failure));
    }

    @Test
    void aLostAnswerIsRetriedAtTheLeaderAfterTheRetryDelay() {
        // Proves a forward that ends without an answer is sent again, and its answer returned.
        node.view = new RoutingNode.View(null, false, 2);
        CompletableFuture<String> result = write(false, LeaderRouting.NO_DEADLINE);
        assertEquals(List.of(2), forwarder.targets);
        forwarder.calls.get(0).completeExceptionally(Status.UNAVAILABLE
                .withDescription("connection reset").asRuntimeException());
        time.advanceMs(RETRY_MS - 1);
        assertEquals(1, forwarder.calls.size(), "not before the retry delay");
        time.advanceMs(1);
        assertEquals(List.of(2, 2), forwarder.targets);
        forwarder.calls.get(1).complete("applied at 7");
        time.advanceMs(0);
        assertEquals("applied at 7", result.join());
    }

    @Test
    void aForwardIsAbandonedWhenAnotherLeaderIsKnownAndTheRequestGoesThere() {
        // Proves a paused or cut-off leader does not hold the request until its deadline.
        node.view = new RoutingNode.View(null, false, 2);
        CompletableFuture<String> result = write(false, LeaderRouting.NO_DEADLINE);
        node.view = new RoutingNode.View(null, false, 3);
        time.advanceMs(RETRY_MS);
        assertTrue(forwarder.calls.get(0).isCompletedExceptionally(), "the old call is cancelled");
        time.advanceMs(RETRY_MS);
        assertEquals(List.of(2, 3), forwarder.targets);
        forwarder.calls.get(1).complete("applied at 9");
        time.advanceMs(0);
        assertEquals("applied at 9", result.join());
    }

    @Test
    void aRefusedForwardLeavesTheWriteInNoLog() {
        // Proves a connection refused (nothing sent) keeps the write's "not proposed" honest.
        node.view = new RoutingNode.View(null, false, 2);
        CompletableFuture<String> result = write(false, LeaderRouting.NO_DEADLINE);
        forwarder.calls.get(0).completeExceptionally(Status.UNAVAILABLE.withCause(
                new ConnectException("Connection refused")).asRuntimeException());
        node.view = new RoutingNode.View(null, false, 0);
        time.advanceMs(RETRY_MS + NO_LEADER_WAIT_MS);
        assertTrue(WriteOutcome.isNotProposed(failure(result)));
    }

    @Test
    void theRequestEndsAnAnswerMarginBeforeTheCallersDeadline() {
        // Proves the caller hears this node's answer, not its own bare deadline.
        node.view = new RoutingNode.View(null, false, 2);
        CompletableFuture<String> result = write(false, TimeUnit.MILLISECONDS.toNanos(1_000));
        assertEquals(List.of(900L), forwarder.timeoutsMs, "the forward gets what is left");
        time.advanceMs(899);
        assertFalse(result.isDone());
        forwarder.calls.get(0).completeExceptionally(Status.DEADLINE_EXCEEDED
                .asRuntimeException());
        time.advanceMs(1);
        Throwable failure = failure(result);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, Status.fromThrowable(failure).getCode());
        assertTrue(WriteOutcome.isUnknown(Status.fromThrowable(failure)), "it may have applied");
    }

    private CompletableFuture<String> write(boolean forwarded, long callerRemainingNanos) {
        return routing.route(() -> {
            CompletableFuture<String> run = new CompletableFuture<>();
            localRuns.add(run);
            return run;
        }, forwarder, true, forwarded, callerRemainingNanos, () -> false);
    }

    private static Throwable failure(CompletableFuture<String> result) {
        assertTrue(result.isCompletedExceptionally(), "the request must have failed");
        try {
            result.get();
            throw new AssertionError("unreachable");
        } catch (ExecutionException failed) {
            return failed.getCause();
        } catch (InterruptedException interrupted) {
            throw new AssertionError(interrupted);
        }
    }

    private static final class FakeNode implements RoutingNode {
        View view = new View(null, false, 0);

        @Override
        public int id() {
            return 1;
        }

        @Override
        public View view() {
            return view;
        }
    }

    private static final class FakeForwarder implements Forwarder<String> {
        final List<CompletableFuture<String>> calls = new ArrayList<>();
        final List<Integer> targets = new ArrayList<>();
        final List<Long> timeoutsMs = new ArrayList<>();

        @Override
        public boolean canAddress(int node) {
            return true;
        }

        @Override
        public boolean linkAllows(int node) {
            return true;
        }

        @Override
        public CompletableFuture<String> forward(int node, long timeoutMs) {
            CompletableFuture<String> call = new CompletableFuture<>();
            calls.add(call);
            targets.add(node);
            timeoutsMs.add(timeoutMs);
            return call;
        }
    }

    /** Time that moves only when the test says; actions run in the order they fall due. */
    private static final class ManualTime implements RoutingTime {
        private final TreeMap<Long, List<Runnable>> due = new TreeMap<>();
        private long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public Runnable schedule(long delayNanos, Runnable action) {
            boolean[] cancelled = new boolean[1];
            due.computeIfAbsent(now + Math.max(0, delayNanos), at -> new ArrayList<>())
                    .add(() -> {
                        if (!cancelled[0]) {
                            action.run();
                        }
                    });
            return () -> cancelled[0] = true;
        }

        void advanceMs(long ms) {
            long until = now + TimeUnit.MILLISECONDS.toNanos(ms);
            while (!due.isEmpty() && due.firstKey() <= until) {
                Map.Entry<Long, List<Runnable>> next = due.pollFirstEntry();
                now = next.getKey();
                next.getValue().forEach(Runnable::run);
            }
            now = until;
        }
    }
}
