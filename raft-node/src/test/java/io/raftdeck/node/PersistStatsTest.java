package io.raftdeck.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Snapshot;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.KeyValueCommand;
import io.raftdeck.statemachine.KeyValueStore;
import io.raftdeck.storage.MemoryStorage;
import io.raftdeck.storage.RaftStorage;
import io.raftdeck.storage.RecoveredState;
import io.raftdeck.transport.LinkFilter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PersistStatsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void countersAddUpSavesAndTheirEntries() {
        // Proves each save counts once and adds its entries, including saves of no entry.
        PersistStats stats = new PersistStats();
        stats.saved(3);
        stats.saved(0);
        stats.saved(5);
        assertEquals(3, stats.saves());
        assertEquals(8, stats.entries());
    }

    @Test
    void theNodeCountsExactlyTheSavesThatReachedStorage() throws Exception {
        // Proves the published snapshot's counters match what storage was really asked to
        // write: every save with a hard state or entries, and every entry in them.
        CountingStorage storage = new CountingStorage();
        RaftCore core = new RaftCore(RaftConfig.withDefaults(1, Set.of(1)), new Random(3),
                storage.recover().hardState(), storage.recover().entries());
        try (RaftNode node = new RaftNode(core, storage, new KeyValueStore(), messages -> { },
                new LinkFilter(), 1, RaftNode.DEFAULT_INBOX_CAPACITY, reason -> { })) {
            node.start();
            TestCluster.await("a single node to lead", WAIT, () -> node.snapshot().isLeader());
            List<CompletableFuture<ApplyResult>> puts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                puts.add(node.propose(new KeyValueCommand.Put("k" + i,
                        "v".getBytes(StandardCharsets.UTF_8)).encode()));
            }
            long lastIndex = 0;
            for (CompletableFuture<ApplyResult> put : puts) {
                lastIndex = Math.max(lastIndex, put.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        .index());
            }
            long applied = lastIndex;
            TestCluster.await("the snapshot to show the last put applied", WAIT,
                    () -> node.snapshot().raft().lastApplied() >= applied);
            NodeSnapshot snapshot = node.snapshot();
            assertEquals(storage.saves.get(), snapshot.walSaves());
            assertEquals(storage.entries.get(), snapshot.entriesPersisted());
            // The no-op of the new term plus the 20 puts, all saved before they applied.
            assertTrue(snapshot.entriesPersisted() >= 21, snapshot.toString());
            assertTrue(snapshot.walSaves() <= snapshot.entriesPersisted() + 2,
                    "a save per entry at most, plus the vote and the commit");
        }
    }

    /** Memory storage that counts the saves asked of it which write something. */
    private static final class CountingStorage implements RaftStorage {
        private final MemoryStorage storage = new MemoryStorage();
        final AtomicLong saves = new AtomicLong();
        final AtomicLong entries = new AtomicLong();

        @Override
        public RecoveredState recover() {
            return storage.recover();
        }

        @Override
        public boolean save(HardState hardState, List<Entry> batch) {
            boolean synced = storage.save(hardState, batch);
            if (synced) {
                saves.incrementAndGet();
                entries.addAndGet(batch.size());
            }
            return synced;
        }

        @Override
        public void saveSnapshot(Snapshot snapshot) {
            storage.saveSnapshot(snapshot);
        }

        @Override
        public void installSnapshot(Snapshot snapshot) {
            storage.installSnapshot(snapshot);
        }

        @Override
        public void close() {
            storage.close();
        }
    }
}
