package io.raftdeck.statemachine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The client session table of the replicated state machine (Raft thesis §6.3): it makes a
 * retried request return its first result instead of applying twice. Every decision depends
 * only on the entries applied, so every node takes the same ones.
 *
 * <p>Rules for a request (client c, sequence s) applied at log index i, where H is the highest
 * sequence c has had applied and W is {@link #RESULTS_PER_SESSION}:
 * <ul>
 *   <li>s was applied before (within the last W): its first result, not applied again;</li>
 *   <li>{@code s > H}, or s within the last W and not applied yet: applied and its result
 *       kept. A client may have up to W requests in flight, and they may reach the log in any
 *       order; a client that skips a number has given up on that request;</li>
 *   <li>{@code s <= H - W}: refused, "sequence s already superseded": whether it applied is
 *       no longer known, and applying it now could apply it twice;</li>
 *   <li>c unknown (new, or its session expired or was evicted): {@code s <= W} starts a
 *       session and applies (a new client's first requests); {@code s > W} is refused,
 *       "session expired". Such a request belongs to a client that had a session here: it may
 *       be the retry of a request that applied before the session went, and refusing is the
 *       only answer that can never apply a request twice. The client starts a new session.
 *   </li>
 * </ul>
 * A refused request changes nothing. The rule for unknown clients is also where exactly-once
 * ends: a retry of one of its first W requests after a client's session is gone applies
 * again. The bounds below make that need {@link #MAX_SESSIONS} newer clients or
 * {@link #EXPIRY_ENTRIES} entries to pass within one request's retries.
 */
public final class ClientSessions {

    /**
     * Sessions kept. The CLI opens one per invocation, a dashboard one per run, so this is room
     * for thousands of recent clients; at a few hundred bytes a session, 3 MB of heap at most.
     */
    public static final int MAX_SESSIONS = 10_000;
    /** Results kept per session: more than the 100 commands of a dashboard burst in flight. */
    public static final int RESULTS_PER_SESSION = 128;
    /**
     * Results kept over all sessions, so pipelining clients cannot grow the table (or the
     * snapshot) to MAX_SESSIONS x RESULTS_PER_SESSION: about 10 MB of heap and 2.5 MB of
     * snapshot at most.
     */
    public static final int MAX_CACHED_RESULTS = 100_000;
    /**
     * A session idle for more than this many log entries expires. Log time, not a clock, so
     * every node expires it at the same entry. At a brisk 5,000 writes a second that is 20 s,
     * longer than a client keeps retrying one request; an idle cluster keeps sessions longer.
     */
    public static final long EXPIRY_ENTRIES = 100_000;

    /** Orders sessions by last activity, ties by client id: the eviction and expiry order. */
    private record Activity(long index, long clientId) implements Comparable<Activity> {
        @Override
        public int compareTo(Activity other) {
            int byIndex = Long.compare(index, other.index);
            return byIndex != 0 ? byIndex : Long.compareUnsigned(clientId, other.clientId);
        }
    }

    private final Map<Long, ClientSession> byClient = new TreeMap<>(Long::compareUnsigned);
    private final NavigableSet<Activity> byActivity = new TreeSet<>();
    private int cachedResults;

    /**
     * Applies {@code request}, carried by the entry at ({@code index}, {@code term}), by the
     * rules above; {@code operation} runs only when the request is to apply now.
     */
    ApplyResult apply(ClientRequestId request, long index, long term,
                      Supplier<ApplyResult> operation) {
        ClientSession session = byClient.get(request.clientId());
        long sequence = request.sequence();
        if (session == null && sequence > RESULTS_PER_SESSION) {
            return ApplyResult.refused(index, term, "session of " + client(request)
                    + " expired: sequence " + sequence + " cannot be checked for a repeat;"
                    + " start a new session");
        }
        if (session != null && sequence < session.oldestKeptSequence()) {
            return ApplyResult.refused(index, term, "sequence " + sequence
                    + " already superseded: " + client(request) + " is at sequence "
                    + session.highestSequence() + " and only its last " + RESULTS_PER_SESSION
                    + " results are kept");
        }
        if (session == null) {
            session = new ClientSession(request.clientId(), index);
            byClient.put(session.clientId(), session);
            byActivity.add(activity(session));
        }
        Optional<ApplyResult> first = session.result(sequence);
        ApplyResult result = first.orElseGet(operation);
        if (first.isEmpty()) {
            cachedResults += session.record(sequence, result);
        }
        touch(session, index);
        evictOverflow();
        return result;
    }

    /** The first result of {@code request}, if it applied and its session still holds it. */
    Optional<ApplyResult> result(ClientRequestId request) {
        ClientSession session = byClient.get(request.clientId());
        return session == null ? Optional.empty() : session.result(request.sequence());
    }

    /** Drops every session idle for more than {@link #EXPIRY_ENTRIES} entries at {@code index}. */
    void expire(long index) {
        while (!byActivity.isEmpty() && index - byActivity.first().index() > EXPIRY_ENTRIES) {
            remove(byActivity.first());
        }
    }

    /** Number of sessions held. */
    public int size() {
        return byClient.size();
    }

    /** Number of results held over all sessions. */
    public int cachedResults() {
        return cachedResults;
    }

    /** Whether a session of {@code clientId} is held. */
    public boolean contains(long clientId) {
        return byClient.containsKey(clientId);
    }

    /** Every session, in client id order (unsigned): the snapshot's order. */
    Collection<ClientSession> sessions() {
        return List.copyOf(byClient.values());
    }

    /**
     * A table holding {@code restored}, as a snapshot recorded them.
     *
     * @throws IllegalArgumentException when they break a bound or name a client twice
     */
    static ClientSessions restored(Collection<ClientSession> restored) {
        if (restored.size() > MAX_SESSIONS) {
            throw new IllegalArgumentException("snapshot holds " + restored.size()
                    + " sessions; the limit is " + MAX_SESSIONS);
        }
        ClientSessions table = new ClientSessions();
        for (ClientSession session : restored) {
            if (table.byClient.put(session.clientId(), session) != null) {
                throw new IllegalArgumentException("snapshot holds client "
                        + Long.toHexString(session.clientId()) + " twice");
            }
            table.byActivity.add(activity(session));
            table.cachedResults += session.resultCount();
        }
        if (table.cachedResults > MAX_CACHED_RESULTS) {
            throw new IllegalArgumentException("snapshot holds " + table.cachedResults
                    + " session results; the limit is " + MAX_CACHED_RESULTS);
        }
        return table;
    }

    /** The log index of the most recent session activity, 0 without sessions. */
    long latestActivityIndex() {
        return byActivity.isEmpty() ? 0 : byActivity.last().index();
    }

    private void touch(ClientSession session, long index) {
        byActivity.remove(activity(session));
        session.touch(index);
        byActivity.add(activity(session));
    }

    /**
     * Evicts the least recently active sessions while over a bound. The session just touched
     * is the most recent and holds at most RESULTS_PER_SESSION results, so it always stays.
     */
    private void evictOverflow() {
        while (byClient.size() > MAX_SESSIONS || cachedResults > MAX_CACHED_RESULTS) {
            remove(byActivity.first());
        }
    }

    private void remove(Activity oldest) {
        byActivity.remove(oldest);
        ClientSession session = byClient.remove(oldest.clientId());
        cachedResults -= session.resultCount();
    }

    private static Activity activity(ClientSession session) {
        return new Activity(session.lastActivityIndex(), session.clientId());
    }

    private static String client(ClientRequestId request) {
        return "client " + Long.toHexString(request.clientId());
    }
}
