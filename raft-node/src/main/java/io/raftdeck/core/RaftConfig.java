package io.raftdeck.core;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Configuration of one core, in ticks. Validated on construction so a bad setting fails at
 * start-up with a clear message instead of as a livelock later.
 *
 * @param id                        this node's id (>= 1)
 * @param members                   ids of every voting member, this node included
 * @param electionTimeoutMinTicks   lower bound of the randomized election timeout
 * @param electionTimeoutMaxTicks   upper bound (inclusive) of the randomized election timeout
 * @param heartbeatTicks            ticks between a leader's heartbeats
 * @param maxEntriesPerAppend       upper bound on entries in one AppendEntries message
 * @param maxBytesPerAppend         upper bound on entry bytes in one AppendEntries message
 *                                  (a single larger entry is still sent alone)
 * @param preVote                   run a pre-vote round before raising the term (thesis §9.6),
 *                                  so a node that was cut off cannot depose a healthy leader
 * @param checkQuorum               a leader that has not heard from a majority for an election
 *                                  timeout steps down, and followers that heard from a leader
 *                                  within one ignore vote requests (thesis §4.2.3, §6.2)
 */
public record RaftConfig(
        int id,
        Set<Integer> members,
        int electionTimeoutMinTicks,
        int electionTimeoutMaxTicks,
        int heartbeatTicks,
        int maxEntriesPerAppend,
        long maxBytesPerAppend,
        boolean preVote,
        boolean checkQuorum) {

    /** The Raft paper's 150–300 ms election timeout and 50 ms heartbeat, with 10 ms ticks. */
    public static final int DEFAULT_TICK_MS = 10;
    public static final int DEFAULT_ELECTION_TIMEOUT_MIN_TICKS = 15;
    public static final int DEFAULT_ELECTION_TIMEOUT_MAX_TICKS = 30;
    public static final int DEFAULT_HEARTBEAT_TICKS = 5;
    public static final int DEFAULT_MAX_ENTRIES_PER_APPEND = 512;
    public static final long DEFAULT_MAX_BYTES_PER_APPEND = 1L << 20;

    public RaftConfig {
        members = unmodifiableSorted(members);
        if (id < 1) {
            throw new IllegalArgumentException("node id must be >= 1, was " + id);
        }
        for (int member : members) {
            if (member < 1) {
                throw new IllegalArgumentException("member ids must be >= 1, was " + member);
            }
        }
        if (!members.contains(id)) {
            throw new IllegalArgumentException("members " + members
                    + " must include this node's id " + id);
        }
        if (heartbeatTicks < 1) {
            throw new IllegalArgumentException("heartbeat must be >= 1 tick, was "
                    + heartbeatTicks);
        }
        // A follower must see at least two heartbeats per election timeout, or one lost
        // heartbeat would start an election against a healthy leader.
        if (electionTimeoutMinTicks <= 2 * heartbeatTicks) {
            throw new IllegalArgumentException("election timeout minimum ("
                    + electionTimeoutMinTicks + " ticks) must be more than twice the heartbeat ("
                    + heartbeatTicks + " ticks)");
        }
        // Without a spread, nodes time out together and split votes forever.
        if (electionTimeoutMaxTicks <= electionTimeoutMinTicks) {
            throw new IllegalArgumentException("election timeout maximum ("
                    + electionTimeoutMaxTicks + " ticks) must exceed the minimum ("
                    + electionTimeoutMinTicks + " ticks)");
        }
        if (maxEntriesPerAppend < 1) {
            throw new IllegalArgumentException("maxEntriesPerAppend must be >= 1");
        }
        if (maxBytesPerAppend < 1) {
            throw new IllegalArgumentException("maxBytesPerAppend must be >= 1");
        }
    }

    /**
     * The Raft paper's algorithm without pre-vote or check-quorum, as Figure 2 states it; the
     * rule-by-rule tests use it.
     */
    public RaftConfig(int id, Set<Integer> members, int electionTimeoutMinTicks,
                      int electionTimeoutMaxTicks, int heartbeatTicks, int maxEntriesPerAppend,
                      long maxBytesPerAppend) {
        this(id, members, electionTimeoutMinTicks, electionTimeoutMaxTicks, heartbeatTicks,
                maxEntriesPerAppend, maxBytesPerAppend, false, false);
    }

    /** A configuration with the default timing, pre-vote and check-quorum on. */
    public static RaftConfig withDefaults(int id, Set<Integer> members) {
        return new RaftConfig(id, members, DEFAULT_ELECTION_TIMEOUT_MIN_TICKS,
                DEFAULT_ELECTION_TIMEOUT_MAX_TICKS, DEFAULT_HEARTBEAT_TICKS,
                DEFAULT_MAX_ENTRIES_PER_APPEND, DEFAULT_MAX_BYTES_PER_APPEND, true, true);
    }

    public int quorum() {
        return members.size() / 2 + 1;
    }

    /**
     * How long after hearing from a leader a node refuses to help elect another (pre-votes
     * and, with check-quorum, votes; thesis §4.2.3 and §9.6): the minimum election timeout
     * less one heartbeat interval. A live leader's followers heard from it within about one
     * interval, so a node whose timer ran out while the leader is healthy is still refused.
     * But when the leader dies, its followers heard its last heartbeat up to one interval
     * apart: the first whose timer runs out (after at least the minimum timeout) must find
     * the others free, or it loses the pre-vote and the cluster waits out a second timeout.
     */
    public int leaderLeaseTicks() {
        return electionTimeoutMinTicks - heartbeatTicks;
    }

    private static SortedSet<Integer> unmodifiableSorted(Set<Integer> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new IllegalArgumentException("members must not be empty");
        }
        return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(ids));
    }
}
