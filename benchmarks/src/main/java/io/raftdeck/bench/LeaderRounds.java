package io.raftdeck.bench;

import io.raftdeck.core.Entry;
import io.raftdeck.core.HardState;
import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.Message.VoteResponse;
import io.raftdeck.core.ProposeResult;
import io.raftdeck.core.RaftConfig;
import io.raftdeck.core.RaftCore;
import io.raftdeck.core.Ready;
import io.raftdeck.core.Role;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Node 1 of a five-member cluster, made leader and then driven through append rounds the way
 * its node's event loop would, with the followers' answers made up on the spot: no disk, no
 * network, no threads, so what a round costs is the algorithm's own work.
 *
 * <p>One round: propose a batch, take the Ready (entries to persist, one AppendEntries per
 * follower) and advance; step the four followers' acknowledgements of the last index; take
 * the Ready that commits the batch and advance. Every {@code compactEveryEntries} applied
 * entries the log is compacted up to the applied index, as the node does after a snapshot, so
 * memory stays flat however long it runs.
 */
final class LeaderRounds {

    static final int CLUSTER_SIZE = 5;
    static final int LEADER = 1;
    static final int COMMAND_BYTES = 64;

    private final RaftCore core;
    private final int batch;
    private final long compactEveryEntries;
    private final byte[] command;
    private long lastIndex;
    private long compactedTo;
    /** The latest round's two Readys, kept for the sanity test to look at. */
    private Ready appendReady;
    private Ready commitReady;

    /**
     * @param batch               commands proposed per round
     * @param compactEveryEntries applied entries past the last compaction that trigger one
     */
    LeaderRounds(int batch, long compactEveryEntries) {
        if (batch < 1 || compactEveryEntries < 1) {
            throw new IllegalArgumentException("batch and compaction interval must be positive: "
                    + batch + ", " + compactEveryEntries);
        }
        this.batch = batch;
        this.compactEveryEntries = compactEveryEntries;
        this.command = new byte[COMMAND_BYTES];
        Arrays.fill(command, (byte) 'c');
        // The node's own configuration: pre-vote and check-quorum on.
        RaftConfig config = RaftConfig.withDefaults(LEADER, IntStream.rangeClosed(1, CLUSTER_SIZE)
                .boxed().collect(Collectors.toSet()));
        this.core = new RaftCore(config, new Random(LEADER), HardState.INITIAL, List.of());
        electLeader(config);
    }

    /** Runs one round; returns the entries it committed and applied (the batch). */
    List<Entry> round() {
        for (int i = 0; i < batch; i++) {
            ProposeResult proposed = core.propose(command);
            if (!proposed.accepted()) {
                throw new IllegalStateException("leader refused a proposal: " + proposed);
            }
            lastIndex = proposed.index();
        }
        appendReady = handleReady(); // the batch to persist, AppendEntries to the followers
        long term = core.term();
        for (int follower = 2; follower <= CLUSTER_SIZE; follower++) {
            core.step(new AppendResponse(follower, LEADER, term, true, lastIndex, 0, 0, 0,
                    lastIndex, 0));
        }
        commitReady = handleReady();
        List<Entry> committed = commitReady.committedEntries();
        long applied = committed.isEmpty() ? 0 : committed.get(committed.size() - 1).index();
        if (applied - compactedTo >= compactEveryEntries) {
            core.compact(applied);
            compactedTo = applied;
        }
        return committed;
    }

    RaftCore core() {
        return core;
    }

    Ready lastAppendReady() {
        return appendReady;
    }

    Ready lastCommitReady() {
        return commitReady;
    }

    byte[] command() {
        return command.clone();
    }

    /**
     * Ticks to the election timeout, then hands the core just enough pre-votes and votes:
     * deterministic, since the election timer's jitter comes from a seeded Random. Ends with
     * the new term's no-op acknowledged by every follower, so each is replicating, not probing.
     */
    private void electLeader(RaftConfig config) {
        for (int tick = 0; tick <= config.electionTimeoutMaxTicks()
                && core.role() == Role.FOLLOWER; tick++) {
            core.tick();
            drain();
        }
        grantVotes(true);
        grantVotes(false);
        if (core.role() != Role.LEADER) {
            throw new IllegalStateException("node " + LEADER + " did not become leader: "
                    + core.status());
        }
        drain();
        lastIndex = core.status().lastLogIndex();
        for (int follower = 2; follower <= CLUSTER_SIZE; follower++) {
            core.step(new AppendResponse(follower, LEADER, core.term(), true, lastIndex, 0, 0,
                    0, lastIndex, 0));
            drain();
        }
        if (core.status().commitIndex() != lastIndex) {
            throw new IllegalStateException("the new leader's no-op did not commit: "
                    + core.status());
        }
    }

    /** A majority's (pre-)votes: the leader's own and two followers'. */
    private void grantVotes(boolean preVote) {
        Role expected = preVote ? Role.PRE_CANDIDATE : Role.CANDIDATE;
        if (core.role() != expected) {
            throw new IllegalStateException("expected node " + LEADER + " to be " + expected
                    + ", it is " + core.role());
        }
        // A pre-vote is granted for the term the candidate would enter, one past its own.
        long term = preVote ? core.term() + 1 : core.term();
        for (int follower = 2; follower <= 3; follower++) {
            core.step(new VoteResponse(follower, LEADER, term, true, preVote));
            drain();
        }
    }

    private Ready handleReady() {
        if (!core.hasReady()) {
            throw new IllegalStateException("the leader has nothing to do after a step that"
                    + " should have given it work: " + core.status());
        }
        Ready ready = core.ready();
        core.advance(ready);
        return ready;
    }

    private void drain() {
        for (int i = 0; i < 16 && core.hasReady(); i++) {
            core.advance(core.ready());
        }
    }
}
