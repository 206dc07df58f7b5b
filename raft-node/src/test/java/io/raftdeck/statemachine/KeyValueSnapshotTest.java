package io.raftdeck.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyValueSnapshotTest {

    /** What a version 4 snapshot ends with: the quota (a long) and the alarm flag. */
    private static final int QUOTA_TRAILER = 8 + 1;

    @Test
    void restoredStoreHoldsTheSameValuesAndContinuesAfterTheSnapshotIndex() {
        // A snapshot carries the whole state: a store restored from it equals the original.
        KeyValueStore original = new KeyValueStore();
        original.apply(put(1, "a", new byte[] {1}));
        original.apply(put(2, "b", new byte[] {2, 3}));
        original.apply(Entry.command(3, 1, new KeyValueCommand.Delete("a").encode()));
        byte[] snapshot = original.snapshot();

        KeyValueStore restored = new KeyValueStore();
        restored.restore(snapshot, 3);

        assertEquals(3, restored.lastApplied());
        assertFalse(restored.read("a").isPresent());
        assertArrayEquals(new byte[] {2, 3}, restored.read("b").orElseThrow());
        assertArrayEquals(snapshot, restored.snapshot(), "equal states give equal bytes");
        restored.apply(put(4, "c", new byte[0]));
        assertEquals(4, restored.lastApplied());
    }

    @Test
    void restoredStoreRemembersClientSessions() {
        // Proves sessions travel in the snapshot: a retry after restore gets its first result.
        KeyValueStore original = new KeyValueStore();
        ApplyResult first = original.apply(stampedPut(1, 42, 1, "k", "v1"));
        original.apply(stampedPut(2, 42, 2, "k", "v2"));
        original.apply(stampedPut(3, -9, 1, "other", "x"));
        byte[] snapshot = original.snapshot();

        KeyValueStore restored = new KeyValueStore();
        restored.restore(snapshot, 3);
        ApplyResult retry = restored.apply(stampedPut(4, 42, 1, "k", "v1"));

        assertArrayEquals(snapshot, original.snapshot(), "snapshotting changes nothing");
        assertEquals(2, restored.sessions().size());
        assertEquals(first.index(), retry.index());
        assertEquals(first.term(), retry.term());
        assertEquals("v2", new String(restored.read("k").orElseThrow(), StandardCharsets.UTF_8));
        original.apply(stampedPut(4, 42, 1, "k", "v1"));
        assertArrayEquals(original.snapshot(), restored.snapshot(),
                "restored and original take the same decisions from then on");
    }

    @Test
    void restoredStoreRemembersRecentRequestsWithoutASession() {
        // Proves node-numbered requests travel in the snapshot: a repeat after restore is
        // answered with its first result and changes nothing.
        KeyValueStore original = new KeyValueStore();
        ApplyResult first = original.apply(nodeStampedPut(1, 0xabc, 1, "k", "v1"));
        original.apply(nodeStampedPut(2, 0xabc, 2, "k", "v2"));
        byte[] snapshot = original.snapshot();

        KeyValueStore restored = new KeyValueStore();
        restored.restore(snapshot, 2);
        assertEquals(2, restored.recentRequestCount());
        ApplyResult repeat = restored.apply(nodeStampedPut(3, 0xabc, 1, "k", "v1"));
        assertEquals(first.index() + "@" + first.term(), repeat.index() + "@" + repeat.term());
        assertEquals("v2", new String(restored.read("k").orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(first.index(), restored.appliedResult(RequestOrigin.RECEIVING_NODE,
                new ClientRequestId(0xabc, 1)).orElseThrow().index());
        original.apply(nodeStampedPut(3, 0xabc, 1, "k", "v1"));
        assertArrayEquals(original.snapshot(), restored.snapshot());
    }

    @Test
    void versionTwoSnapshotWithoutRecentRequestsIsStillRead() {
        // Proves a snapshot written before requests without a session had identities restores.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(2);
            out.writeInt(1);
            out.writeInt(1);
            out.write('k');
            out.writeInt(1);
            out.write(new byte[] {9});
            out.writeInt(0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        KeyValueStore restored = new KeyValueStore();
        restored.restore(bytes.toByteArray(), 4);
        assertArrayEquals(new byte[] {9}, restored.read("k").orElseThrow());
        assertEquals(0, restored.recentRequestCount());
    }

    @Test
    void damagedRecentRequestsAreRefused() {
        // Proves a repeated identity, an out-of-order result or client 0 fails the restore.
        KeyValueStore source = new KeyValueStore();
        source.apply(nodeStampedPut(1, 0xabc, 1, "k", "v1"));
        source.apply(nodeStampedPut(2, 0xabc, 2, "k", "v2"));
        byte[] snapshot = source.snapshot();
        int record = 8 + 8 + 8 + 8 + 1;
        int second = snapshot.length - QUOTA_TRAILER - record;
        int first = second - record;
        byte[] repeated = snapshot.clone();
        System.arraycopy(snapshot, first, repeated, second, 16);
        byte[] outOfOrder = snapshot.clone();
        System.arraycopy(snapshot, first + 16, outOfOrder, second + 16, 8);
        byte[] clientZero = snapshot.clone();
        Arrays.fill(clientZero, second, second + 8, (byte) 0);
        for (byte[] bad : new byte[][] {repeated, outOfOrder, clientZero}) {
            assertThrows(IllegalArgumentException.class, () -> new KeyValueStore().restore(bad,
                    2));
        }
        assertThrows(IllegalArgumentException.class, () -> new KeyValueStore()
                .restore(snapshot, 1), "a result after the snapshot's own index");
    }

    @Test
    void versionOneSnapshotWithoutSessionsIsStillRead() {
        // Proves a snapshot written before sessions existed restores its keys and no sessions.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(1);
            out.writeInt(1);
            out.writeInt(1);
            out.write('k');
            out.writeInt(2);
            out.write(new byte[] {7, 8});
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        KeyValueStore restored = new KeyValueStore();
        restored.restore(bytes.toByteArray(), 5);
        assertArrayEquals(new byte[] {7, 8}, restored.read("k").orElseThrow());
        assertEquals(0, restored.sessions().size());
        assertEquals(5, restored.lastApplied());
    }

    @Test
    void damagedSnapshotIsRefused() {
        // A truncated or foreign snapshot is an error, never a silently partial state.
        KeyValueStore store = new KeyValueStore();
        store.apply(put(1, "key", new byte[] {9}));
        byte[] snapshot = store.snapshot();

        assertThrows(IllegalArgumentException.class, () -> new KeyValueStore()
                .restore(Arrays.copyOf(snapshot, snapshot.length - 1), 1));
        assertThrows(IllegalArgumentException.class, () -> new KeyValueStore()
                .restore(new byte[] {0, 0, 0, 7}, 1));
    }

    @Test
    void damagedSessionsAreRefusedAndLeaveTheStoreAsItWas() {
        // Proves corrupt session bytes fail the restore without touching the current state.
        KeyValueStore source = new KeyValueStore();
        source.apply(stampedPut(1, 42, 1, "k", "v"));
        byte[] snapshot = source.snapshot();
        // The session's bytes end where the count of recent requests (an int, 0) starts.
        int sessionEnd = snapshot.length - QUOTA_TRAILER - 4;
        byte[] badFlag = snapshot.clone();
        badFlag[sessionEnd - 1] = 2;
        byte[] clientZero = snapshot.clone();
        int sessionStart = sessionEnd - (8 + 8 + 8 + 4 + 25);
        Arrays.fill(clientZero, sessionStart, sessionStart + 8, (byte) 0);

        KeyValueStore target = new KeyValueStore();
        target.apply(put(1, "mine", new byte[] {1}));
        for (byte[] bad : new byte[][] {badFlag, clientZero,
                Arrays.copyOf(snapshot, snapshot.length - 3)}) {
            assertThrows(IllegalArgumentException.class, () -> target.restore(bad, 1));
        }
        assertThrows(IllegalArgumentException.class, () -> target.restore(snapshot, 0),
                "session activity after the snapshot's own index");
        assertTrue(target.read("mine").isPresent());
        assertEquals(0, target.sessions().size());
    }

    private static Entry put(long index, String key, byte[] value) {
        return Entry.command(index, 1, new KeyValueCommand.Put(key, value).encode());
    }

    private static Entry nodeStampedPut(long index, long clientId, long sequence, String key,
                                        String value) {
        byte[] put = new KeyValueCommand.Put(key, value.getBytes(StandardCharsets.UTF_8))
                .encode();
        return Entry.command(index, 3, StampedCommand.ofReceivingNode(
                new ClientRequestId(clientId, sequence), put).encode());
    }

    private static Entry stampedPut(long index, long clientId, long sequence, String key,
                                    String value) {
        byte[] put = new KeyValueCommand.Put(key, value.getBytes(StandardCharsets.UTF_8))
                .encode();
        return Entry.command(index, 2, StampedCommand.ofSession(
                new ClientRequestId(clientId, sequence), put).encode());
    }
}
