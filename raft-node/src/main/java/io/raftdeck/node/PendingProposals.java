package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.statemachine.ApplyResult;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Proposals this node accepted as leader and whose fate is not known yet, by log index. A
 * proposal accepted at (index, term) has committed exactly when the entry applied at index has
 * that term (Raft §5.4: Log Matching); any other entry there means it never will. Owned by the
 * event loop thread.
 */
final class PendingProposals {

    private static final String LOST = "leadership lost, not committed";

    private record Waiting(long term, CompletableFuture<ApplyResult> result) {
    }

    private final int capacity;
    private final NavigableMap<Long, Waiting> byIndex = new TreeMap<>();

    PendingProposals(int capacity) {
        this.capacity = capacity;
    }

    /** Whether another proposal may wait; callers that gave up are forgotten first. */
    boolean hasRoom() {
        if (byIndex.size() >= capacity) {
            byIndex.values().removeIf(waiting -> waiting.result.isDone());
        }
        return byIndex.size() < capacity;
    }

    void add(long index, long term, CompletableFuture<ApplyResult> result) {
        byIndex.put(index, new Waiting(term, result));
    }

    /**
     * The log from {@code written.get(0).index()} on was replaced by {@code written}: a
     * proposal whose entry is no longer there will never commit, so its caller hears so now.
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
                waiting.getValue().result.completeExceptionally(
                        new ProposalException(ProposalException.Reason.LEADERSHIP_LOST, LOST));
                affected.remove();
            }
        }
    }

    /** {@code entry} was applied with {@code result}: completes its proposal, if any. */
    void applied(Entry entry, ApplyResult result) {
        Waiting waiting = byIndex.remove(entry.index());
        if (waiting == null) {
            return;
        }
        if (waiting.term == entry.term()) {
            waiting.result.complete(result);
        } else {
            waiting.result.completeExceptionally(
                    new ProposalException(ProposalException.Reason.LEADERSHIP_LOST, LOST));
        }
    }

    /**
     * A snapshot from the leader replaced the log up to {@code index}: the entries of the
     * proposals up to there were never applied here, one by one, so whether they committed
     * is no longer known. Their callers hear so rather than a guess.
     */
    void snapshotInstalled(long index) {
        Map<Long, Waiting> covered = byIndex.headMap(index, true);
        covered.values().forEach(waiting -> waiting.result.completeExceptionally(
                new ProposalException(ProposalException.Reason.OUTCOME_UNKNOWN,
                        "outcome unknown: a snapshot from the leader replaced the log before"
                                + " this entry was applied here")));
        covered.clear();
    }

    /** Fails every waiting proposal, e.g. because the node stopped. */
    void failAll(Throwable cause) {
        byIndex.values().forEach(waiting -> waiting.result.completeExceptionally(cause));
        byIndex.clear();
    }

    int size() {
        return byIndex.size();
    }
}
