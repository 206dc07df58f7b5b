package io.raftdeck.core;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * A leader's pending linearizable reads (Raft thesis §6.4). Reads asked for together share one
 * heartbeat round; the round's id travels as the AppendEntries context. When a majority has
 * acknowledged a round, the leader was still leader when those reads arrived, so they — and
 * every earlier round — may be answered at the commit index recorded when they were asked.
 * It lives in {@link LeaderState}: rounds still open when leadership is lost are dropped with
 * it, and the caller fails those reads when it sees the role or term change.
 */
final class ReadIndexRounds {

    /** Upper bound on reads waiting for confirmation; more are refused. */
    static final int MAX_PENDING_READS = 10_000;

    private static final class Round {
        final long readIndex;
        final List<Long> requestIds = new ArrayList<>();
        final Set<Integer> acknowledged = new HashSet<>();

        Round(long readIndex) {
            this.readIndex = readIndex;
        }
    }

    private final TreeMap<Long, Round> rounds = new TreeMap<>();
    private long nextRoundId = 1;
    private long openRoundId;
    private int pendingReads;

    boolean isFull() {
        return pendingReads >= MAX_PENDING_READS;
    }

    /** Adds a read to the round being formed; returns true if that round is new. */
    boolean add(long requestId, long readIndex, int selfId) {
        Round open = openRoundId == 0 ? null : rounds.get(openRoundId);
        boolean fresh = open == null || open.readIndex != readIndex;
        if (fresh) {
            openRoundId = nextRoundId++;
            open = new Round(readIndex);
            open.acknowledged.add(selfId);
            rounds.put(openRoundId, open);
        }
        open.requestIds.add(requestId);
        pendingReads++;
        return fresh;
    }

    /** Whether a round is being formed whose heartbeat has not gone out yet. */
    boolean hasOpenRound() {
        return openRoundId != 0;
    }

    /** The round whose heartbeat should go out now, and closes it for new reads; 0 if none. */
    long takeOpenRound() {
        long id = openRoundId;
        openRoundId = 0;
        return id;
    }

    /**
     * Records that {@code peer} answered the heartbeat of round {@code roundId}; returns the
     * reads that became safe, oldest first.
     */
    List<ReadState> acknowledge(long roundId, int peer, int quorum) {
        List<ReadState> safe = new ArrayList<>();
        Round round = rounds.get(roundId);
        if (round == null) {
            return safe;
        }
        round.acknowledged.add(peer);
        if (round.acknowledged.size() < quorum) {
            return safe;
        }
        Iterator<java.util.Map.Entry<Long, Round>> confirmed =
                rounds.headMap(roundId, true).entrySet().iterator();
        while (confirmed.hasNext()) {
            java.util.Map.Entry<Long, Round> entry = confirmed.next();
            for (long requestId : entry.getValue().requestIds) {
                safe.add(new ReadState(requestId, entry.getValue().readIndex));
            }
            pendingReads -= entry.getValue().requestIds.size();
            if (entry.getKey() == openRoundId) {
                openRoundId = 0;
            }
            confirmed.remove();
        }
        return safe;
    }
}
