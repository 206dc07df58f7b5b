package io.raftdeck.node;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.StampedCommand;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The leader's retry cache, after Apache Ratis: where each stamped request in its log that has
 * not applied yet sits, so a retry of it waits for that entry instead of appending a second
 * one. A request that already applied is the state machine's to answer
 * ({@code KeyValueStore.appliedResult}); between the two, every request in this leader's log
 * is known, and a retry never reaches the log twice.
 *
 * <p>It exists only while this node leads one term, and starts from the log's unapplied tail:
 * entries that earlier leaders appended and this one inherited, which are exactly the ones
 * whose retries are on their way when a leader dies. Bounded by that tail: an entry leaves when
 * it applies. Requests of both origins share one map; their client ids are random 64-bit
 * numbers, so telling them apart would only guard against a collision as unlikely as two
 * clients picking the same session.
 */
final class RetryCache {

    /** Where a request's entry is in the log. */
    record Position(long index, long term) {
    }

    private final long term;
    private final Map<ClientRequestId, Position> byRequest = new HashMap<>();
    private final NavigableMap<Long, ClientRequestId> byIndex = new TreeMap<>();

    /**
     * @param term      the term this node leads
     * @param unapplied the entries of its log after the applied index, in order
     */
    RetryCache(long term, List<Entry> unapplied) {
        this.term = term;
        for (Entry entry : unapplied) {
            if (entry.type() == EntryType.COMMAND) {
                StampedCommand.decode(entry.data()).ifPresent(stamped ->
                        appended(stamped.request(), entry.index(), entry.term()));
            }
        }
    }

    /** The term of the leadership this cache belongs to. */
    long term() {
        return term;
    }

    /** The entry carrying {@code request}, if it is in the log and has not applied yet. */
    Optional<Position> find(ClientRequestId request) {
        return Optional.ofNullable(byRequest.get(request));
    }

    /**
     * {@code request} was appended at ({@code index}, {@code entryTerm}). A request already in
     * the log keeps its first entry: that one applies first and gives the answer.
     */
    void appended(ClientRequestId request, long index, long entryTerm) {
        if (byRequest.putIfAbsent(request, new Position(index, entryTerm)) == null) {
            byIndex.put(index, request);
        }
    }

    /** The entry at {@code index} applied: its request is the state machine's to answer now. */
    void applied(long index) {
        ClientRequestId request = byIndex.remove(index);
        if (request != null) {
            byRequest.remove(request);
        }
    }

    /** Requests in the log waiting to apply. */
    int size() {
        return byRequest.size();
    }
}
