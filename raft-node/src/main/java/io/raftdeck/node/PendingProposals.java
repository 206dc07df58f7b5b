package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.statemachine.ApplyResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Callers waiting for entries this node appended or found in its log as leader, by log index:
 * the proposal's own caller, and the callers of retries of the same request that the retry
 * cache attached to it. An entry at (index, term) has committed exactly when the entry applied
 * at index has that term (Raft §5.4: Log Matching); any other entry there means it never will.
 * Owned by the event loop thread.
 */
final class PendingProposals {

    private static final String LOST =
            "leadership lost: another entry took its place in this node's log";

    /** The callers waiting for the entry of {@code term} at one index. */
    private record Waiting(long term, List<CompletableFuture<ApplyResult>> callers) {

        void complete(ApplyResult result) {
            callers.forEach(caller -> caller.complete(result));
        }

        void fail(Throwable cause) {
            callers.forEach(caller -> caller.completeExceptionally(cause));
        }

        boolean allDone() {
            return callers.stream().allMatch(CompletableFuture::isDone);
        }
    }

    private final int capacity;
    private final NavigableMap<Long, Waiting> byIndex = new TreeMap<>();
    private int callers;
    /** Entries whose callers were failed, since the node started (for metrics). */
    private long failedEntries;

    /** @param capacity callers that may wait at once, over all entries */
    PendingProposals(int capacity) {
        this.capacity = capacity;
    }

    /** Whether another caller may wait; entries whose callers all gave up are forgotten first. */
    boolean hasRoom() {
        if (callers >= capacity) {
            Iterator<Waiting> waiting = byIndex.values().iterator();
            while (waiting.hasNext()) {
                Waiting entry = waiting.next();
                if (entry.allDone()) {
                    callers -= entry.callers.size();
                    waiting.remove();
                }
            }
        }
        return callers < capacity;
    }

    /**
     * {@code caller} waits for the entry at ({@code index}, {@code term}): a proposal just
     * appended there, or one a retry found in the log.
     */
    void add(long index, long term, CompletableFuture<ApplyResult> caller) {
        Waiting waiting = byIndex.get(index);
        if (waiting != null && waiting.term != term) {
            // The log says another term's entry is at index now: the old one is gone.
            failed(remove(index), lost());
            waiting = null;
        }
        if (waiting == null) {
            waiting = new Waiting(term, new ArrayList<>(1));
            byIndex.put(index, waiting);
        }
        waiting.callers.add(caller);
        callers++;
    }

    /**
     * The log from {@code written.get(0).index()} on was replaced by {@code written}: a
     * proposal whose entry is no longer there will never commit, so its callers hear so now.
     */
    void logReplaced(List<Entry> written) {
        if (written.isEmpty()) {
            return;
        }
        long first = written.get(0).index();
        long last = written.get(written.size() - 1).index();
        Iterator<Map.Entry<Long, Waiting>> affected = byIndex.tailMap(first, true)
                .entrySet().iterator();
        while (affected.hasNext()) {
            Map.Entry<Long, Waiting> waiting = affected.next();
            long index = waiting.getKey();
            boolean gone = index > last
                    || written.get((int) (index - first)).term() != waiting.getValue().term;
            if (gone) {
                failed(waiting.getValue(), lost());
                callers -= waiting.getValue().callers.size();
                affected.remove();
            }
        }
    }

    /** {@code entry} was applied with {@code result}: completes its callers, if any. */
    void applied(Entry entry, ApplyResult result) {
        Waiting waiting = remove(entry.index());
        if (waiting == null) {
            return;
        }
        if (waiting.term == entry.term()) {
            waiting.complete(result);
        } else {
            failed(waiting, lost());
        }
    }

    /**
     * A snapshot from the leader replaced the log up to {@code index}: the entries of the
     * proposals up to there were never applied here, one by one, so whether they committed
     * is no longer known. Their callers hear so rather than a guess.
     */
    void snapshotInstalled(long index) {
        Map<Long, Waiting> covered = byIndex.headMap(index, true);
        ProposalException unknown = new ProposalException(
                ProposalException.Reason.OUTCOME_UNKNOWN, "outcome unknown: a snapshot from the"
                        + " leader replaced the log before this entry was applied here");
        covered.values().forEach(waiting -> {
            failed(waiting, unknown);
            callers -= waiting.callers.size();
        });
        covered.clear();
    }

    /** Fails every waiting caller, e.g. because the node stopped or stopped leading. */
    void failAll(Throwable cause) {
        byIndex.values().forEach(waiting -> failed(waiting, cause));
        byIndex.clear();
        callers = 0;
    }

    /** Callers waiting. */
    int size() {
        return callers;
    }

    /** Entries whose callers were failed since the node started. */
    long failedEntries() {
        return failedEntries;
    }

    private void failed(Waiting waiting, Throwable cause) {
        failedEntries++;
        waiting.fail(cause);
    }

    private Waiting remove(long index) {
        Waiting waiting = byIndex.remove(index);
        if (waiting != null) {
            callers -= waiting.callers.size();
        }
        return waiting;
    }

    private static ProposalException lost() {
        return new ProposalException(ProposalException.Reason.LEADERSHIP_LOST, LOST);
    }
}
