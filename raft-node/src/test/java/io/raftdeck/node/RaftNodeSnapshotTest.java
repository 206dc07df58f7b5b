package io.raftdeck.node;

import static io.raftdeck.core.Messages.installSnapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import io.raftdeck.core.Entry;
import io.raftdeck.core.Message;
import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Snapshot;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.KeyValueCommand;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.storage.MemoryStorage;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.transport.LinkFilter;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event loop's side of snapshots: taking them at the threshold, installing the leader's. */
class RaftNodeSnapshotTest {

    private static final long DEADLINE_MS = 10_000;
    private static final int THRESHOLD = 5;

    private MemoryStorage storage = new MemoryStorage();
    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private RaftNode node;

    /** A node recovered from {@code storage}, as RaftServer builds one. */
    private RaftNode start(Set<Integer> members) {
        RecoveredState recovered = storage.recover();
        KeyValueStore stateMachine = new KeyValueStore();
        Snapshot snapshot = recovered.snapshot();
        if (!snapshot.isNone()) {
            stateMachine.restore(snapshot.data(), snapshot.index());
        }
        RaftCore core = new RaftCore(RaftConfig.withDefaults(1, members), new Random(3),
                recovered.hardState(), snapshot.index(), snapshot.term(), recovered.entries());
        node = new RaftNode(core, storage, stateMachine, snapshot, THRESHOLD, sent::addAll,
                new LinkFilter(), 1, RaftNode.DEFAULT_INBOX_CAPACITY, reason -> { });
        node.start();
        return node;
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

    private static byte[] put(String key, String value) {
        return new KeyValueCommand.Put(key, value.getBytes(StandardCharsets.UTF_8)).encode();
    }

    private static String value(RaftNode node, String key) throws Exception {
        ApplyResult read = node.readLocal(key).get(DEADLINE_MS, TimeUnit.MILLISECONDS);
        return read.existed() ? new String(read.value(), StandardCharsets.UTF_8) : null;
    }

    @Test
    void leaderSnapshotsPastTheThresholdAndRestartsFromSnapshotAndLog() throws Exception {
        // Proves the node snapshots its state and compacts once THRESHOLD entries were applied
        // past the last snapshot, and a restart rebuilds the same state from snapshot + log.
        RaftNode leader = start(Set.of(1));
        awaitTrue(() -> leader.snapshot().isLeader(), "single node never became leader");
        long last = 0;
        for (int i = 0; i < 12; i++) {
            last = leader.propose(put("k" + i, "v" + i)).get(DEADLINE_MS, TimeUnit.MILLISECONDS)
                    .index();
        }
        long applied = last;
        awaitTrue(() -> leader.snapshot().raft().firstLogIndex() > 1, "never compacted");

        RecoveredState saved = storage.recover();
        assertTrue(saved.snapshot().index() >= applied - THRESHOLD + 1,
                "snapshot at " + saved.snapshot().index() + " of " + applied);
        assertEquals(saved.snapshot().index() + 1, leader.snapshot().raft().firstLogIndex());
        assertTrue(saved.entries().size() < THRESHOLD + 1, "the log was compacted on disk too");

        leader.close();
        storage = storage.reopen();
        RaftNode restarted = start(Set.of(1));
        for (int i = 0; i < 12; i++) {
            assertEquals("v" + i, value(restarted, "k" + i));
        }
    }

    @Test
    void followerInstallsTheLeadersSnapshotBeforeAcknowledgingIt() throws Exception {
        // Proves a snapshot from the leader replaces the state machine and the stored log, and
        // only then is it acknowledged at its index.
        RaftNode follower = start(Set.of(1, 2, 3));
        KeyValueStore leaderState = new KeyValueStore();
        for (int i = 1; i <= 40; i++) {
            leaderState.apply(Entry.command(i, 2, put("key", "value " + i)));
        }
        byte[] data = leaderState.snapshot();

        follower.deliver(installSnapshot().from(2).to(1).term(2).lastIncludedIndex(40)
                .lastIncludedTerm(2).data(data).build());

        awaitTrue(() -> sent.stream().anyMatch(m -> m instanceof AppendResponse response
                && response.success() && response.matchIndex() == 40), "no acknowledgement");
        assertEquals("value 40", value(follower, "key"));
        Snapshot stored = storage.recover().snapshot();
        assertEquals(40, stored.index());
        assertArrayEquals(data, stored.data());
        assertEquals(40, follower.snapshot().raft().lastApplied());
        assertEquals(1, follower.snapshot().snapshotsInstalled(), "status counts the install");
    }
}
