package io.raftdeck.core;

import static io.raftdeck.core.Messages.appendRequest;
import static io.raftdeck.core.Messages.appendResponse;
import static io.raftdeck.core.Messages.voteRequest;
import static io.raftdeck.core.Messages.voteResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.AppendResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Drives one {@link RaftCore} by hand, the way a node would: builds it from a chosen hard state
 * and log, feeds it hand-built messages and ticks, and handles every Ready (persist, send,
 * apply, advance), keeping what was persisted, sent and applied for the test to inspect.
 */
final class CoreHarness {

    static final int HEARTBEAT_TICKS = 2;
    static final int ELECTION_TIMEOUT_MIN_TICKS = 10;
    static final int ELECTION_TIMEOUT_MAX_TICKS = 20;

    final RaftCore core;
    /** Every Ready handled, in order, to check what travelled together. */
    final List<Ready> readies = new ArrayList<>();
    final List<Message> sent = new ArrayList<>();
    final List<Entry> applied = new ArrayList<>();
    final List<Entry> disk = new ArrayList<>();
    /** Snapshots handed out to install, in order. */
    final List<Snapshot> installed = new ArrayList<>();
    /** The index the disk's entries follow (the last snapshot stored). */
    long diskSnapshotIndex;
    HardState persistedHardState;

    private CoreHarness(RaftCore core, HardState hardState, List<Entry> log) {
        this.core = core;
        this.persistedHardState = hardState;
        this.disk.addAll(log);
    }

    /** Node {@code id} of a cluster of ids 1..clusterSize, recovered from this state. */
    static CoreHarness recovered(int id, int clusterSize, HardState hardState, List<Entry> log) {
        return recovered(config(id, clusterSize), hardState, log);
    }

    /** A node with a chosen configuration, recovered from this state. */
    static CoreHarness recovered(RaftConfig config, HardState hardState, List<Entry> log) {
        return recovered(config, config.id() * 31L, hardState, log);
    }

    /** With the core's jitter drawn from {@code seed}. */
    static CoreHarness recovered(RaftConfig config, long seed, HardState hardState,
                                 List<Entry> log) {
        RaftCore core = new RaftCore(config, new Random(seed), hardState, log);
        CoreHarness harness = new CoreHarness(core, hardState, log);
        harness.drain();
        return harness;
    }

    /** Node {@code id} recovered from a snapshot at (index, term) and the entries after it. */
    static CoreHarness recoveredFromSnapshot(int id, int clusterSize, HardState hardState,
                                             long snapshotIndex, long snapshotTerm,
                                             List<Entry> log) {
        RaftConfig config = config(id, clusterSize);
        RaftCore core = new RaftCore(config, new Random(config.id() * 31L), hardState,
                snapshotIndex, snapshotTerm, log);
        CoreHarness harness = new CoreHarness(core, hardState, log);
        harness.diskSnapshotIndex = snapshotIndex;
        harness.drain();
        return harness;
    }

    /** A fresh node: term 0, no vote, empty log. */
    static CoreHarness fresh(int id, int clusterSize) {
        return recovered(id, clusterSize, HardState.INITIAL, List.of());
    }

    /** Node {@code id} whose log holds one entry per given term, at indexes 1, 2, ... */
    static CoreHarness withLog(int id, int clusterSize, long term, long... logTerms) {
        return recovered(id, clusterSize, new HardState(term, HardState.NO_VOTE, 0),
                log(logTerms));
    }

    /** The same timing with pre-vote and check-quorum on. */
    static RaftConfig productionConfig(int id, int clusterSize) {
        RaftConfig paper = config(id, clusterSize);
        return new RaftConfig(id, paper.members(), ELECTION_TIMEOUT_MIN_TICKS,
                ELECTION_TIMEOUT_MAX_TICKS, HEARTBEAT_TICKS, 64, 1 << 20, true, true);
    }

    static RaftConfig config(int id, int clusterSize) {
        Set<Integer> members = new TreeSet<>();
        for (int member = 1; member <= clusterSize; member++) {
            members.add(member);
        }
        return new RaftConfig(id, members, ELECTION_TIMEOUT_MIN_TICKS, ELECTION_TIMEOUT_MAX_TICKS,
                HEARTBEAT_TICKS, 64, 1 << 20);
    }

    // ---------------------------------------------------------------- logs and entries

    /** Entries at indexes 1, 2, ... with the given terms. */
    static List<Entry> log(long... terms) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            entries.add(entry(i + 1, terms[i]));
        }
        return entries;
    }

    /** A command entry whose payload names its position, so two entries are easy to tell apart. */
    static Entry entry(long index, long term) {
        return Entry.command(index, term, (index + "@" + term).getBytes(StandardCharsets.UTF_8));
    }

    List<Entry> log() {
        return core.entries(1, Long.MAX_VALUE);
    }

    long[] logTerms() {
        return log().stream().mapToLong(Entry::term).toArray();
    }

    // ---------------------------------------------------------------- driving

    /** Steps one message and handles the Readys it produced; returns the messages sent. */
    List<Message> step(Message message) {
        core.step(message);
        return drain();
    }

    /** Steps the message {@code message} builds. */
    List<Message> step(Messages.Builder message) {
        return step(message.build());
    }

    List<Message> tick(int ticks) {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < ticks; i++) {
            core.tick();
            out.addAll(drain());
        }
        return out;
    }

    List<Message> propose(String command) {
        core.propose(command.getBytes(StandardCharsets.UTF_8));
        return drain();
    }

    /** Handles Readys until none is left, like a node's event loop; returns the messages sent. */
    List<Message> drain() {
        List<Message> out = new ArrayList<>();
        while (core.hasReady()) {
            Ready ready = core.ready();
            readies.add(ready);
            if (ready.hardState() != null) {
                persistedHardState = ready.hardState();
            }
            if (ready.snapshot() != null) {
                installed.add(ready.snapshot());
                disk.clear();
                diskSnapshotIndex = ready.snapshot().index();
            }
            if (!ready.entries().isEmpty()) {
                long first = ready.entries().get(0).index() - diskSnapshotIndex;
                disk.subList((int) Math.min(first - 1, disk.size()), disk.size()).clear();
                disk.addAll(ready.entries());
            }
            out.addAll(ready.messages());
            applied.addAll(ready.committedEntries());
            core.advance(ready);
        }
        sent.addAll(out);
        return out;
    }

    /** Compacts the core's log up to {@code index}, as a node does after saving a snapshot. */
    void compact(long index) {
        core.compact(index);
        disk.subList(0, (int) (index - diskSnapshotIndex)).clear();
        diskSnapshotIndex = index;
    }

    /** Ticks until the election timeout fires; the core is then a candidate of a new term. */
    List<Message> tickUntilCandidate() {
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < ELECTION_TIMEOUT_MAX_TICKS && !campaigning(); i++) {
            out.addAll(tick(1));
        }
        assertTrue(campaigning(), "no election within the maximum timeout");
        return out;
    }

    private boolean campaigning() {
        return core.role() == Role.CANDIDATE || core.role() == Role.PRE_CANDIDATE;
    }

    /**
     * Makes this core the leader of a new term with the votes of just enough peers; returns
     * what it sent on winning.
     */
    List<Message> electLeader(int clusterSize) {
        tickUntilCandidate();
        for (int peer = 1; peer <= clusterSize && core.role() == Role.PRE_CANDIDATE; peer++) {
            if (peer != core.id()) {
                step(voteResponse().from(peer).to(core.id()).term(core.term() + 1).granted()
                        .preVote());
            }
        }
        long term = core.term();
        int granted = 1;
        List<Message> onWinning = List.of();
        for (int peer = 1; peer <= clusterSize && granted < clusterSize / 2 + 1; peer++) {
            if (peer != core.id()) {
                onWinning = step(voteResponse().from(peer).to(core.id()).term(term).granted());
                granted++;
            }
        }
        assertEquals(Role.LEADER, core.role());
        sent.clear();
        return onWinning;
    }

    // ---------------------------------------------------------------- messages

    static <T extends Message> List<T> only(Class<T> type, List<Message> messages) {
        return messages.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends Message> T single(Class<T> type, List<Message> messages) {
        List<T> matching = only(type, messages);
        assertEquals(1, matching.size(), "expected one " + type.getSimpleName() + " in "
                + messages);
        return matching.get(0);
    }

    /** An AppendEntries from {@code leader} to this core, its other fields still to set. */
    Messages.AppendRequestBuilder appendFrom(int leader) {
        return appendRequest().from(leader).to(core.id());
    }

    /** A RequestVote from {@code candidate} to this core, its other fields still to set. */
    Messages.VoteRequestBuilder voteRequestFrom(int candidate) {
        return voteRequest().from(candidate).to(core.id());
    }

    /** A follower's acknowledgement, in this leader's term, of its log up to matchIndex. */
    AppendResponse accepted(int from, long matchIndex) {
        return appendResponse().from(from).to(core.id()).term(core.term()).success()
                .matchIndex(matchIndex).lastLogIndex(matchIndex).build();
    }

    /**
     * A rejection, in this leader's term, of the append the leader last sent to {@code from}
     * (its nextIndex - 1); the conflict hints and the follower's last index still to set.
     */
    Messages.AppendResponseBuilder rejectionFrom(int from) {
        long rejectedIndex = progressOf(from).nextIndex() - 1;
        return appendResponse().from(from).to(core.id()).term(core.term()).rejected()
                .rejectedIndex(rejectedIndex);
    }

    /** The progress the leader keeps for {@code peer}. */
    PeerProgress progressOf(int peer) {
        return core.status().peers().stream().filter(p -> p.id() == peer).findFirst()
                .orElseThrow();
    }
}
