package io.raftdeck.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The exactly-once rules of {@link ClientSessions}, driven through {@link KeyValueStore}. */
class ClientSessionsTest {

    private static final int WINDOW = ClientSessions.RESULTS_PER_SESSION;

    private final KeyValueStore store = new KeyValueStore();
    private long nextIndex = 1;

    private ApplyResult put(long clientId, long sequence, String key, String value) {
        byte[] command = new KeyValueCommand.Put(key, bytes(value)).encode();
        return stamped(clientId, sequence, command);
    }

    private ApplyResult stamped(long clientId, long sequence, byte[] command) {
        byte[] entry = StampedCommand.ofSession(new ClientRequestId(clientId, sequence), command)
                .encode();
        return store.apply(Entry.command(nextIndex++, 3, entry));
    }

    private void noops(long count) {
        for (long i = 0; i < count; i++) {
            store.apply(Entry.noop(nextIndex++, 3));
        }
    }

    private String value(String key) {
        return store.read(key).map(v -> new String(v, StandardCharsets.UTF_8)).orElse(null);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void retryReturnsTheFirstResultAndDoesNotApplyAgain() {
        // Proves a repeated (client, sequence) answers with its first index and changes nothing.
        ApplyResult first = put(7, 1, "k", "v1");
        ApplyResult second = put(7, 2, "k", "v2");
        ApplyResult retryOfFirst = put(7, 1, "k", "v1");
        ApplyResult retryOfSecond = put(7, 2, "k", "v2");

        assertEquals("v2", value("k"), "the retry of sequence 1 must not overwrite v2");
        assertEquals(first.index(), retryOfFirst.index());
        assertEquals(first.term(), retryOfFirst.term());
        assertFalse(retryOfFirst.existed(), "first put found no value: the answer says so");
        assertEquals(second.index(), retryOfSecond.index());
        assertTrue(retryOfSecond.existed());
        assertFalse(retryOfFirst.isRefused());
        assertEquals(4, store.lastApplied(), "a retry still consumes its own entry");
    }

    @Test
    void deleteAndFreeTextRetriesAlsoApplyOnce() {
        // Proves deletes and stamped free text are deduplicated like puts.
        put(9, 1, "k", "v");
        ApplyResult delete = stamped(9, 2, new KeyValueCommand.Delete("k").encode());
        put(10, 1, "k", "again");
        ApplyResult deleteRetry = stamped(9, 2, new KeyValueCommand.Delete("k").encode());
        ApplyResult text = stamped(9, 3, bytes("hello"));
        ApplyResult textRetry = stamped(9, 3, bytes("hello"));

        assertEquals("again", value("k"), "the delete's retry must not delete the new value");
        assertEquals(delete.index(), deleteRetry.index());
        assertTrue(deleteRetry.existed());
        assertEquals(text.index(), textRetry.index());
    }

    @Test
    void sequenceOlderThanTheWindowIsRefused() {
        // Proves a request older than the kept results is refused and changes nothing.
        for (long sequence = 1; sequence <= WINDOW + 2; sequence++) {
            put(5, sequence, "k", "v" + sequence);
        }
        ApplyResult tooOld = put(5, 2, "k", "stale");
        ApplyResult oldestKept = put(5, 3, "k", "v3");

        assertTrue(tooOld.isRefused());
        assertEquals("sequence 2 already superseded: client 5 is at sequence " + (WINDOW + 2)
                + " and only its last " + WINDOW + " results are kept", tooOld.refusal());
        assertEquals(WINDOW + 3, tooOld.index(), "a refusal names the entry that carried it");
        assertEquals("v" + (WINDOW + 2), value("k"));
        assertFalse(oldestKept.isRefused());
        assertEquals(3, oldestKept.index(), "sequence 3 is still known: its first result");
    }

    @Test
    void requestsInFlightMayReachTheLogOutOfOrder() {
        // Proves a lower sequence that never applied still applies once when it arrives late.
        put(4, 5, "a", "five");
        ApplyResult late = put(4, 3, "b", "three");
        ApplyResult lateRetry = put(4, 3, "b", "other");

        assertFalse(late.isRefused());
        assertEquals("three", value("b"));
        assertEquals(late.index(), lateRetry.index());
        assertEquals(2, store.sessions().cachedResults());
    }

    @Test
    void unknownClientBeyondItsFirstWindowIsRefusedAsExpired() {
        // Proves a request that may be the retry of a forgotten session is refused, not applied.
        ApplyResult refused = put(3, WINDOW + 1, "k", "v");
        assertTrue(refused.isRefused());
        assertTrue(refused.refusal().startsWith("session of client 3 expired"), refused.refusal());
        assertNull(store.read("k").orElse(null));
        assertFalse(store.sessions().contains(3), "a refusal opens no session");

        assertFalse(put(3, WINDOW, "k", "v").isRefused(), "a new client may start anywhere "
                + "in its first window: its first requests race each other");
        assertEquals("v", value("k"));
    }

    @Test
    void idleSessionExpiresAtTheSameLogIndexEverywhere() {
        // Proves expiry counts log entries: alive after EXPIRY_ENTRIES idle, gone one later.
        put(11, 1, "k", "v");
        long activity = store.lastApplied();
        noops(activity + ClientSessions.EXPIRY_ENTRIES - store.lastApplied());
        assertTrue(store.sessions().contains(11));
        noops(1);
        assertFalse(store.sessions().contains(11));
        assertEquals(0, store.sessions().cachedResults());
    }

    @Test
    void retryKeepsASessionAlive() {
        // Proves a duplicate counts as activity, so a client that keeps retrying keeps its session.
        put(12, 1, "k", "v");
        noops(ClientSessions.EXPIRY_ENTRIES - 1);
        put(12, 1, "k", "v");
        noops(ClientSessions.EXPIRY_ENTRIES - 1);
        assertTrue(store.sessions().contains(12));
        assertEquals(1, put(12, 1, "k", "v").index());
    }

    @Test
    void fullTableEvictsTheLeastRecentlyActiveSession() {
        // Proves the table never exceeds MAX_SESSIONS and evicts in activity order.
        int max = ClientSessions.MAX_SESSIONS;
        for (long client = 1; client <= max; client++) {
            put(client, 1, "k", "v");
        }
        put(1, 1, "k", "v"); // client 1 becomes the most recent; client 2 is now the oldest
        put(max + 1, 1, "k", "v");

        assertEquals(max, store.sessions().size());
        assertTrue(store.sessions().contains(1));
        assertFalse(store.sessions().contains(2));
        assertTrue(store.sessions().contains(3));
        put(max + 2, 1, "k", "v");
        assertFalse(store.sessions().contains(3));
        assertEquals(max, store.sessions().size());
    }

    @Test
    void cachedResultsAreBoundedOverAllSessions() {
        // Proves pipelining clients cannot hold more than MAX_CACHED_RESULTS results in total.
        int clients = ClientSessions.MAX_CACHED_RESULTS / WINDOW + 2;
        for (long client = 1; client <= clients; client++) {
            for (long sequence = 1; sequence <= WINDOW; sequence++) {
                put(client, sequence, "k", "v");
            }
        }
        assertTrue(store.sessions().cachedResults() <= ClientSessions.MAX_CACHED_RESULTS);
        assertFalse(store.sessions().contains(1), "the least recent client went first");
        assertTrue(store.sessions().contains(clients));
    }

    @Test
    void sameEntriesGiveTheSameSessionsOnEveryStore() {
        // Proves session decisions are deterministic: equal inputs, equal snapshot bytes.
        KeyValueStore other = new KeyValueStore();
        for (long i = 1; i <= 500; i++) {
            long client = i % 17 + 1;
            long sequence = i % 5 + 1;
            byte[] entry = StampedCommand.ofSession(new ClientRequestId(client, sequence),
                    new KeyValueCommand.Put("k" + (i % 3), bytes("v" + i)).encode()).encode();
            ApplyResult here = store.apply(Entry.command(i, 1, entry));
            ApplyResult there = other.apply(Entry.command(i, 1, entry));
            assertEquals(here.index(), there.index());
            assertEquals(here.refusal(), there.refusal());
        }
        assertArrayEquals(store.snapshot(), other.snapshot());
    }
}
