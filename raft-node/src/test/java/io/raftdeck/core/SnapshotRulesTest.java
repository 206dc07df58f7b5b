package io.raftdeck.core;

import static io.raftdeck.core.CoreHarness.log;
import static io.raftdeck.core.CoreHarness.only;
import static io.raftdeck.core.CoreHarness.single;
import static io.raftdeck.core.Messages.installSnapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.AppendRequest;
import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.Message.InstallSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raft §7, log compaction: compaction, the InstallSnapshot RPC on both sides, and restart. */
class SnapshotRulesTest {

    private static final int CLUSTER = 5;
    private static final byte[] STATE = "state".getBytes(StandardCharsets.UTF_8);

    /** Leader of term 2 over a log of four term-1 entries plus its no-op, all applied. */
    private static CoreHarness leaderWithAppliedLog() {
        CoreHarness leader = CoreHarness.withLog(1, CLUSTER, 1, 1, 1, 1, 1);
        leader.electLeader(CLUSTER);
        leader.step(leader.accepted(2, 5));
        leader.step(leader.accepted(3, 5));
        assertEquals(5, leader.applied.size());
        return leader;
    }

    private static InstallSnapshot install(CoreHarness follower, int from, long term, long index,
                                           long indexTerm) {
        return installSnapshot().from(from).to(follower.core.id()).term(term)
                .lastIncludedIndex(index).lastIncludedTerm(indexTerm).data(STATE).build();
    }

    @Test
    void compactionDropsAppliedEntriesAndKeepsTheLastOnesTerm() {
        // "Each server takes snapshots independently, covering just the committed entries in
        // its log" (§7): the prefix leaves memory, the log's end is unchanged
        CoreHarness leader = leaderWithAppliedLog();

        leader.compact(4);

        RaftStatus status = leader.core.status();
        assertEquals(5, status.firstLogIndex());
        assertEquals(5, status.lastLogIndex());
        assertEquals(2, status.lastLogTerm());
        assertEquals(List.of(5L), leader.log().stream().map(Entry::index).toList());
        assertThrows(IllegalArgumentException.class, () -> leader.core.compact(6),
                "nothing past the applied index may be compacted");
    }

    @Test
    void leaderSendsItsSnapshotWhenAFollowerNeedsCompactedEntries() {
        // "the leader must occasionally send snapshots to followers that lag behind ... when
        // the leader has already discarded the next log entry that it needs to send" (§7)
        CoreHarness leader = leaderWithAppliedLog();
        leader.compact(5);

        List<Message> sent = leader.step(leader.rejectionFrom(4).conflictTerm(0).conflictIndex(1)
                .lastLogIndex(0));

        InstallSnapshot snapshot = single(InstallSnapshot.class, sent);
        assertEquals(4, snapshot.to());
        assertEquals(5, snapshot.lastIncludedIndex());
        assertEquals(2, snapshot.lastIncludedTerm());
        assertEquals(0, snapshot.data().length, "the node attaches the bytes, not the core");
        assertTrue(only(AppendRequest.class, sent).isEmpty());
    }

    @Test
    void leaderPausesWhileTheSnapshotTravelsThenReplicatesAfterIt() {
        // The follower acknowledges the snapshot's index; appends continue right after it
        CoreHarness leader = leaderWithAppliedLog();
        leader.compact(5);
        leader.step(leader.rejectionFrom(4).conflictTerm(0).conflictIndex(1).lastLogIndex(0));

        List<Message> whilePaused = leader.propose("after");
        assertTrue(whilePaused.stream().noneMatch(message -> message.to() == 4),
                "nothing but heartbeats while the snapshot travels: " + whilePaused);
        List<Message> heartbeats = leader.tick(CoreHarness.HEARTBEAT_TICKS);
        AppendRequest heartbeat = only(AppendRequest.class, heartbeats).stream()
                .filter(append -> append.to() == 4).findFirst().orElseThrow();
        assertEquals(0, heartbeat.prevLogIndex(), "anchored where every log matches");

        List<Message> afterAck = leader.step(leader.accepted(4, 5));

        AppendRequest append = single(AppendRequest.class, afterAck);
        assertEquals(5, append.prevLogIndex());
        assertEquals(2, append.prevLogTerm());
        assertEquals(6, append.entries().get(0).index());
        assertEquals(5, leader.progressOf(4).matchIndex());
    }

    @Test
    void leaderSendsTheSnapshotAgainWhenNoAnswerComes() {
        // A lost snapshot (or a lost answer) is retried after a few heartbeats, not waited on
        CoreHarness leader = leaderWithAppliedLog();
        leader.compact(5);
        leader.step(leader.rejectionFrom(4).conflictTerm(0).conflictIndex(1).lastLogIndex(0));

        List<Message> later = leader.tick(CoreHarness.HEARTBEAT_TICKS
                * ReplicationProgress.SNAPSHOT_RETRY_HEARTBEATS);

        List<InstallSnapshot> again = only(InstallSnapshot.class, later).stream()
                .filter(snapshot -> snapshot.to() == 4).toList();
        assertEquals(1, again.size(), "sent again once: " + later);
        assertEquals(5, again.get(0).lastIncludedIndex());
    }

    @Test
    void followerWithAConflictingLogDiscardsItAndInstallsTheSnapshot() {
        // "If existing log entry has same index and term as snapshot's last included entry,
        // retain log entries following it ... Discard the entire log" otherwise (§7, Figure 13)
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 2, 1, 1, 2, 2, 2, 2);

        List<Message> sent = follower.step(install(follower, 2, 3, 5, 3));

        assertEquals(1, follower.installed.size());
        Snapshot installed = follower.installed.get(0);
        assertEquals(5, installed.index());
        assertEquals(3, installed.term());
        assertArrayEquals(STATE, installed.data());
        assertTrue(follower.log().isEmpty());
        assertTrue(follower.disk.isEmpty(), "the stored log was replaced too");
        RaftStatus status = follower.core.status();
        assertEquals(5, status.commitIndex());
        assertEquals(5, status.lastApplied());
        assertEquals(5, status.lastLogIndex());
        assertEquals(3, status.lastLogTerm());
        assertTrue(follower.applied.isEmpty(), "the snapshot's state is restored, not replayed");
        AppendResponse answer = single(AppendResponse.class, sent);
        assertTrue(answer.success());
        assertEquals(5, answer.matchIndex());
        assertEquals(2, follower.core.leaderId());
    }

    @Test
    void followerHoldingTheSnapshotsLastEntryKeepsItsLogAndCommitsUpToIt() {
        // "retain log entries following it and reply": the entries up to the snapshot match
        // the leader's, so they commit and apply from the log, and the suffix stays
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 2, 1, 1, 2, 2, 2, 2);

        List<Message> sent = follower.step(install(follower, 2, 2, 4, 2));

        assertTrue(follower.installed.isEmpty());
        assertEquals(6, follower.log().size(), "the suffix after the snapshot stays");
        assertEquals(4, follower.core.status().commitIndex());
        assertEquals(List.of(1L, 2L, 3L, 4L),
                follower.applied.stream().map(Entry::index).toList());
        AppendResponse answer = single(AppendResponse.class, sent);
        assertTrue(answer.success());
        assertEquals(4, answer.matchIndex());
    }

    @Test
    void snapshotNoNewerThanTheCommitIndexIsIgnored() {
        // A delayed or duplicated snapshot must not roll back committed state
        CoreHarness follower = CoreHarness.recovered(1, CLUSTER, new HardState(2, 0, 4),
                log(1, 1, 2, 2, 2));

        List<Message> sent = follower.step(install(follower, 2, 2, 3, 1));

        assertTrue(follower.installed.isEmpty());
        assertEquals(5, follower.log().size());
        AppendResponse answer = single(AppendResponse.class, sent);
        assertTrue(answer.success());
        assertEquals(4, answer.matchIndex(), "answered at the commit index");
    }

    @Test
    void snapshotFromAStaleLeaderIsRefusedWithTheCurrentTerm() {
        // "Reply immediately if term < currentTerm" (§7, Figure 13)
        CoreHarness follower = CoreHarness.withLog(1, CLUSTER, 5, 1, 1);

        List<Message> sent = follower.step(install(follower, 2, 4, 9, 4));

        assertTrue(follower.installed.isEmpty());
        AppendResponse answer = single(AppendResponse.class, sent);
        assertFalse(answer.success());
        assertEquals(5, answer.term());
        assertEquals(2, follower.log().size());
    }

    @Test
    void restartedNodeContinuesAfterItsSnapshot() {
        // Recovery = snapshot + the log after it: nothing before it is re-applied, and votes
        // judge up-to-dateness by the log's real end
        CoreHarness node = CoreHarness.recoveredFromSnapshot(1, CLUSTER, new HardState(3, 0, 10),
                10, 3, List.of(CoreHarness.entry(11, 3), CoreHarness.entry(12, 3)));

        RaftStatus status = node.core.status();
        assertEquals(11, status.firstLogIndex());
        assertEquals(12, status.lastLogIndex());
        assertEquals(3, status.lastLogTerm());
        assertEquals(10, status.lastApplied());
        assertTrue(node.applied.isEmpty());

        node.step(node.appendFrom(2).term(3).prevLogIndex(12).prevLogTerm(3).leaderCommit(12));
        assertEquals(List.of(11L, 12L), node.applied.stream().map(Entry::index).toList());
    }

    @Test
    void followerWithAnEmptyLogAfterItsSnapshotAcceptsAppendsAnchoredAtIt() {
        // The snapshot's (index, term) stands in for the discarded entries in the §5.3 check
        CoreHarness node = CoreHarness.recoveredFromSnapshot(1, CLUSTER, new HardState(3, 0, 10),
                10, 3, List.of());

        AppendResponse answer = single(AppendResponse.class,
                node.step(node.appendFrom(2).term(3).prevLogIndex(10).prevLogTerm(3)
                        .entries(CoreHarness.entry(11, 3)).leaderCommit(11)));

        assertTrue(answer.success());
        assertEquals(11, answer.matchIndex());
        assertEquals(List.of(11L), node.applied.stream().map(Entry::index).toList());
    }
}
