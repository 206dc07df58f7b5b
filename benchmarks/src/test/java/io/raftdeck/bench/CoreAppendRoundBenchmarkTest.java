package io.raftdeck.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.Message;
import io.raftdeck.core.Message.AppendRequest;
import io.raftdeck.core.RaftStatus;
import io.raftdeck.core.Ready;
import io.raftdeck.core.Role;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The core benchmark's body, run a few times outside JMH: each round must commit its batch. */
class CoreAppendRoundBenchmarkTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 64})
    void everyRoundReplicatesAndCommitsExactlyItsBatch(int batch) {
        CoreAppendRoundBenchmark benchmark = new CoreAppendRoundBenchmark();
        benchmark.batch = batch;
        benchmark.electLeader();
        LeaderRounds leader = benchmark.leader();
        EntryCounter counter = new EntryCounter();
        long term = leader.core().term();
        long last = leader.core().status().lastLogIndex(); // the new term's no-op

        for (int round = 1; round <= 10; round++) {
            List<Entry> committed = benchmark.appendRound(counter);

            assertBatch(committed, last + 1, batch, term, leader.command());
            assertEquals(committed, leader.lastAppendReady().entries(), "persisted");
            assertAppendsCarry(leader.lastAppendReady(), committed);
            last += batch;
            assertEquals(last, leader.lastCommitReady().hardState().commitIndex());
            RaftStatus status = leader.core().status();
            assertEquals(Role.LEADER, status.role());
            assertEquals(last, status.commitIndex());
            assertEquals(last, status.lastApplied());
        }
        assertEquals(10L * batch, counter.entries);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "listening"})
    void aCoreNobodyWatchesBuildsNoEventsAndAWatchedOneReportsEachCommit(String events) {
        CoreAppendRoundBenchmark benchmark = new CoreAppendRoundBenchmark();
        benchmark.batch = 64;
        benchmark.events = events;
        benchmark.electLeader();
        EntryCounter counter = new EntryCounter();
        for (int round = 0; round < 10; round++) {
            assertEquals(64, benchmark.appendRound(counter).size());
        }
        if (events.equals("none")) {
            assertEquals(0, benchmark.eventsReceived);
        } else {
            assertTrue(benchmark.eventsReceived >= 10, "one commit per round at least, got "
                    + benchmark.eventsReceived);
        }
    }

    @Test
    void compactionKeepsTheLogBoundedOverManyRounds() {
        int batch = 64;
        long compactEvery = 1000;
        LeaderRounds leader = new LeaderRounds(batch, compactEvery);
        for (int round = 0; round < 200; round++) {
            assertEquals(batch, leader.round().size());
            RaftStatus status = leader.core().status();
            long held = status.lastLogIndex() - status.firstLogIndex() + 1;
            assertTrue(held <= compactEvery + batch, "log holds " + held + " entries");
        }
        RaftStatus status = leader.core().status();
        assertEquals(1 + 200L * batch, status.commitIndex());
        assertTrue(status.firstLogIndex() > 200L * batch - compactEvery - batch,
                "log starts at " + status.firstLogIndex());
    }

    private static void assertBatch(List<Entry> committed, long first, int batch, long term,
                                    byte[] command) {
        assertEquals(batch, committed.size());
        for (int i = 0; i < batch; i++) {
            Entry entry = committed.get(i);
            assertEquals(first + i, entry.index());
            assertEquals(term, entry.term());
            assertEquals(EntryType.COMMAND, entry.type());
            assertArrayEquals(command, entry.data());
        }
    }

    /** One AppendEntries to each follower, each carrying the whole batch. */
    private static void assertAppendsCarry(Ready ready, List<Entry> batch) {
        List<AppendRequest> appends = ready.messages().stream()
                .filter(AppendRequest.class::isInstance).map(AppendRequest.class::cast).toList();
        assertEquals(Set.of(2, 3, 4, 5),
                appends.stream().map(Message::to).collect(Collectors.toSet()));
        assertEquals(4, appends.size(), "messages: " + ready.messages());
        for (AppendRequest append : appends) {
            assertEquals(batch, append.entries());
            assertEquals(batch.get(0).index() - 1, append.prevLogIndex());
        }
    }
}
