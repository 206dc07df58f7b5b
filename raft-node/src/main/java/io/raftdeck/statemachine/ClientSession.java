package io.raftdeck.statemachine;

import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One client's session: the highest sequence it has had applied, when it was last active (a log
 * index, never a clock), and the results of its requests within the last
 * {@link ClientSessions#RESULTS_PER_SESSION} sequences, so that a retry of any of them is
 * answered with its first result. Part of the replicated state; owned by the apply thread.
 */
final class ClientSession {

    private final long clientId;
    private final NavigableMap<Long, ApplyResult> resultsBySequence = new TreeMap<>();
    private long highestSequence;
    private long lastActivityIndex;

    ClientSession(long clientId, long lastActivityIndex) {
        if (clientId == 0) {
            throw new IllegalArgumentException("client id 0 means no session");
        }
        this.clientId = clientId;
        this.lastActivityIndex = lastActivityIndex;
    }

    /**
     * A session as a snapshot recorded it; refuses results that break the session's rules, so
     * a damaged snapshot cannot become a state no apply sequence could have produced.
     */
    static ClientSession restored(long clientId, long highestSequence, long lastActivityIndex,
                                  SortedMap<Long, ApplyResult> results) {
        ClientSession session = new ClientSession(clientId, lastActivityIndex);
        session.highestSequence = highestSequence;
        if (results.isEmpty() || results.lastKey() != highestSequence
                || results.firstKey() < session.oldestKeptSequence()
                || lastActivityIndex < 1) {
            throw new IllegalArgumentException("session of client " + Long.toHexString(clientId)
                    + " holds results outside its window (highest " + highestSequence + ")");
        }
        results.forEach((sequence, result) -> {
            if (result.value() != null || result.isRefused() || result.index() < 1
                    || result.index() > lastActivityIndex) {
                throw new IllegalArgumentException("session of client "
                        + Long.toHexString(clientId) + " holds a malformed result");
            }
        });
        session.resultsBySequence.putAll(results);
        return session;
    }

    long clientId() {
        return clientId;
    }

    long highestSequence() {
        return highestSequence;
    }

    long lastActivityIndex() {
        return lastActivityIndex;
    }

    /** The lowest sequence whose result is still known; anything lower is superseded. */
    long oldestKeptSequence() {
        return Math.max(1, highestSequence - ClientSessions.RESULTS_PER_SESSION + 1);
    }

    Optional<ApplyResult> result(long sequence) {
        return Optional.ofNullable(resultsBySequence.get(sequence));
    }

    /** Results held, in sequence order. */
    SortedMap<Long, ApplyResult> results() {
        return Collections.unmodifiableSortedMap(resultsBySequence);
    }

    int resultCount() {
        return resultsBySequence.size();
    }

    /**
     * Records the first result of {@code sequence} and forgets results that fell out of the
     * window. Returns how the number of results held changed.
     */
    int record(long sequence, ApplyResult result) {
        int before = resultsBySequence.size();
        resultsBySequence.put(sequence, result);
        highestSequence = Math.max(highestSequence, sequence);
        resultsBySequence.headMap(oldestKeptSequence(), false).clear();
        return resultsBySequence.size() - before;
    }

    void touch(long index) {
        lastActivityIndex = index;
    }
}
