package io.raftdeck.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import io.raftdeck.core.Message;
import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Role;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.KeyValueCommand;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.transport.LinkFilter;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RaftNodeTest {

    private static final long DEADLINE_MS = 10_000;

    private final FailingStorage storage = new FailingStorage();
    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private RaftNode node;

    private RaftNode node(Set<Integer> members, int inboxCapacity) {
        RaftCore core = new RaftCore(RaftConfig.withDefaults(1, members), new Random(7),
                storage.recover().hardState(), storage.recover().entries());
        node = new RaftNode(core, storage, new KeyValueStore(), sent::addAll, new LinkFilter(),
                1, inboxCapacity, failures::add);
        return node;
    }

    private RaftNode leaderAlone() {
        RaftNode alone = node(Set.of(1), RaftNode.DEFAULT_INBOX_CAPACITY);
        alone.start();
        awaitTrue(() -> alone.snapshot().isLeader(), "single node never became leader");
        return alone;
    }

    @AfterEach
    void close() {
        if (node != null) {
            node.close();
        }
    }

    /** Waits, within the deadline, until {@code condition} holds. */
    private static void awaitTrue(BooleanSupplier condition, String what) {
        TestCluster.await(what, Duration.ofMillis(DEADLINE_MS), condition);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
    }

    private static ProposalException failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.get(DEADLINE_MS, TimeUnit.MILLISECONDS));
        return assertInstanceOf(ProposalException.class, e.getCause());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void leaderAppliesProposalsAndReportsWhere() throws Exception {
        // Proves a proposal completes only after it is saved and applied, with its index/term.
        RaftNode leader = leaderAlone();
        ApplyResult put = await(leader.propose(new KeyValueCommand.Put("k", bytes("v")).encode()));
        ApplyResult get = await(leader.propose(new KeyValueCommand.Get("k").encode()));
        assertEquals(put.index() + 1, get.index());
        assertEquals(put.term(), get.term());
        assertArrayEquals(bytes("v"), get.value());
        assertTrue(storage.entries().size() >= get.index(), "applied before it was saved");
        assertArrayEquals(bytes("v"), await(leader.readLocal("k")).value());
        assertEquals(storage.entries(), await(leader.log()));
    }

    @Test
    void statusShowsTheRenderedLogTail() throws Exception {
        // Proves the published snapshot carries the newest entries in printable form.
        RaftNode leader = leaderAlone();
        ApplyResult result = await(leader.propose(bytes("hello raft")));
        awaitTrue(() -> leader.snapshot().raft().lastApplied() >= result.index(), "not applied");
        NodeSnapshot snapshot = leader.snapshot();
        assertEquals(Role.LEADER, snapshot.raft().role());
        assertEquals("hello raft", snapshot.logTail().get(snapshot.logTail().size() - 1).command());
        assertEquals(result.index(), snapshot.logTail().get(snapshot.logTail().size() - 1).index());
    }

    @Test
    void followerRefusesProposalsWithoutHanging() {
        // Proves a node that does not lead fails a proposal at once with NOT_LEADER.
        RaftNode follower = node(Set.of(1, 2, 3), RaftNode.DEFAULT_INBOX_CAPACITY);
        follower.start();
        ProposalException e = failureOf(follower.propose(bytes("x")));
        assertEquals(ProposalException.Reason.NOT_LEADER, e.reason());
    }

    @Test
    void storageFailureStopsTheNodeForGood() throws Exception {
        // Proves a failed save stops the loop, fails waiting callers and refuses new work.
        RaftNode leader = leaderAlone();
        storage.failSaves("fsync failed on wal-0001.log");
        ProposalException pending = failureOf(leader.propose(bytes("lost")));
        assertEquals(ProposalException.Reason.STOPPED, pending.reason());
        assertTrue(leader.awaitStopped(DEADLINE_MS, TimeUnit.MILLISECONDS));
        assertTrue(leader.failure().orElseThrow().contains("wal-0001.log"));
        assertEquals(1, failures.size());
        assertNotNull(leader.snapshot().failure());
        assertFalse(leader.snapshot().isLeader());
        assertEquals(ProposalException.Reason.STOPPED,
                failureOf(leader.propose(bytes("later"))).reason());
    }

    @Test
    void outOfMemoryInTheLoopStopsTheNodeSayingSo() throws Exception {
        // Proves an OutOfMemoryError in the event loop stops the node like a storage failure,
        // with a reason that says it ran out of memory, told to the failure handler once.
        RaftNode leader = leaderAlone();
        storage.throwOnSave(new OutOfMemoryError("Java heap space"));
        assertEquals(ProposalException.Reason.STOPPED,
                failureOf(leader.propose(bytes("lost"))).reason());
        assertTrue(leader.awaitStopped(DEADLINE_MS, TimeUnit.MILLISECONDS));
        assertEquals("out of memory (Java heap space) in the event loop",
                leader.failure().orElseThrow());
        assertEquals(List.of(leader.failure().orElseThrow()), failures);
        assertEquals(leader.failure().orElseThrow(), leader.snapshot().failure());
    }

    @Test
    void failStopFromAnotherThreadStopsTheLoopAndKeepsTheFirstReason() throws Exception {
        // Proves failStop, called off the loop (as a gRPC thread that ran out of memory
        // does), ends the loop, refuses new work with the reason, publishes it in the status,
        // and tells the failure handler once whatever later calls say.
        RaftNode leader = leaderAlone();
        leader.failStop("out of memory in thread grpc-7");
        leader.failStop("a second failure");
        assertTrue(leader.awaitStopped(DEADLINE_MS, TimeUnit.MILLISECONDS));
        assertEquals("out of memory in thread grpc-7", leader.failure().orElseThrow());
        assertEquals(List.of("out of memory in thread grpc-7"), failures);
        assertEquals("out of memory in thread grpc-7", leader.snapshot().failure());
        assertFalse(leader.snapshot().isLeader());
        ProposalException refused = failureOf(leader.propose(bytes("later")));
        assertEquals(ProposalException.Reason.STOPPED, refused.reason());
        assertTrue(refused.getMessage().contains("grpc-7"), refused.getMessage());
    }

    @Test
    void fullInboxFailsFastAndCloseFailsTheRest() {
        // Proves proposals beyond the inbox bound fail at once, and close() leaves none waiting.
        RaftNode stalled = node(Set.of(1), 1);
        CompletableFuture<ApplyResult> queued = stalled.propose(bytes("first"));
        ProposalException overloaded = failureOf(stalled.propose(bytes("second")));
        assertEquals(ProposalException.Reason.OVERLOADED, overloaded.reason());
        stalled.close();
        assertEquals(ProposalException.Reason.STOPPED, failureOf(queued).reason());
    }
}
