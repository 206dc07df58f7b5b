package io.raftdeck.statemachine;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The requests without a session that applied recently, by the identity the node that received
 * them gave them ({@link RequestOrigin#RECEIVING_NODE}): a repeat of one is answered with its
 * first result instead of applying again. Part of the replicated state, like
 * {@link ClientSessions}: every decision depends only on the entries applied.
 *
 * <p>Nodes retry such a request only until its caller's deadline, seconds at most, so it is
 * remembered for {@link #EXPIRY_ENTRIES} log entries after it applied: log time, not a clock,
 * so every node forgets it at the same entry. At most one request applies per entry, so that
 * bounds the table too. Exactly-once ends there: a repeat arriving after that many newer
 * entries would apply again, which needs a request to be retried while a whole expiry's worth
 * of entries commits (20 s at a brisk 5,000 writes a second).
 */
final class RecentRequests {

    /** Entries after which an applied request is forgotten; also the most results held. */
    static final long EXPIRY_ENTRIES = ClientSessions.EXPIRY_ENTRIES;

    /** Insertion order is apply order, so the oldest result is always first. */
    private final LinkedHashMap<ClientRequestId, ApplyResult> byApplyOrder =
            new LinkedHashMap<>();
    /** The index of the newest result, 0 without any. */
    private long latestIndex;

    /**
     * Applies {@code request}, carried by the entry at ({@code index}, {@code term}), unless
     * it applied before; {@code operation} runs only when it is to apply now.
     */
    ApplyResult apply(ClientRequestId request, long index, long term,
                      Supplier<ApplyResult> operation) {
        ApplyResult first = byApplyOrder.get(request);
        if (first != null) {
            return first;
        }
        ApplyResult result = operation.get();
        byApplyOrder.put(request, result);
        latestIndex = result.index();
        return result;
    }

    /** Forgets every request applied more than {@link #EXPIRY_ENTRIES} entries before. */
    void expire(long index) {
        Iterator<ApplyResult> oldestFirst = byApplyOrder.values().iterator();
        while (oldestFirst.hasNext()) {
            if (index - oldestFirst.next().index() <= EXPIRY_ENTRIES) {
                return;
            }
            oldestFirst.remove();
        }
    }

    /** The first result of {@code request}, if it applied and is still remembered. */
    Optional<ApplyResult> result(ClientRequestId request) {
        return Optional.ofNullable(byApplyOrder.get(request));
    }

    int size() {
        return byApplyOrder.size();
    }

    /** Every remembered request and its result, in apply order: the snapshot's order. */
    Map<ClientRequestId, ApplyResult> results() {
        return Collections.unmodifiableMap(byApplyOrder);
    }

    /** The index of the newest result, 0 without any. */
    long latestIndex() {
        return byApplyOrder.isEmpty() ? 0 : latestIndex;
    }

    /**
     * A table holding {@code restored}, as a snapshot recorded them in apply order.
     *
     * @throws IllegalArgumentException when they are not in apply order, name a request twice,
     *                                  or span more than {@link #EXPIRY_ENTRIES} entries
     */
    static RecentRequests restored(List<Map.Entry<ClientRequestId, ApplyResult>> restored) {
        RecentRequests table = new RecentRequests();
        long previousIndex = 0;
        for (Map.Entry<ClientRequestId, ApplyResult> entry : restored) {
            ApplyResult result = entry.getValue();
            if (result.index() <= previousIndex || result.isRefused() || result.value() != null) {
                throw new IllegalArgumentException("snapshot holds a malformed or out-of-order"
                        + " result of " + entry.getKey());
            }
            if (table.byApplyOrder.put(entry.getKey(), result) != null) {
                throw new IllegalArgumentException("snapshot holds " + entry.getKey()
                        + " twice");
            }
            previousIndex = result.index();
        }
        table.latestIndex = previousIndex;
        if (!restored.isEmpty() && table.latestIndex()
                - restored.get(0).getValue().index() > EXPIRY_ENTRIES) {
            throw new IllegalArgumentException("snapshot holds requests older than "
                    + EXPIRY_ENTRIES + " entries");
        }
        return table;
    }
}
