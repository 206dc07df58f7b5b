package io.raftdeck.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StoreQuotaTest {

    /** What key "k" with a value of n bytes counts for. */
    private static long cost(int valueBytes) {
        return 1 + valueBytes + StoreQuota.ENTRY_OVERHEAD_BYTES;
    }

    private final KeyValueStore store = new KeyValueStore();
    private long nextIndex = 1;

    private ApplyResult apply(byte[] command) {
        return store.apply(Entry.command(nextIndex++, 1, command));
    }

    private ApplyResult apply(KeyValueCommand command) {
        return apply(command.encode());
    }

    private ApplyResult session(long sequence, KeyValueCommand command) {
        return apply(StampedCommand.ofSession(new ClientRequestId(7, sequence),
                command.encode()).encode());
    }

    @Test
    void aWriteThatFillsTheQuotaExactlyAppliesAndOneByteMoreIsRefused() {
        // Proves the boundary: size == quota applies, size == quota + 1 is refused with the
        // sentence, changes nothing and raises the alarm.
        apply(QuotaCommand.encode(cost(100) + cost(0)));
        assertFalse(apply(new KeyValueCommand.Put("k", new byte[100])).isRefused());
        assertFalse(apply(new KeyValueCommand.Put("j", new byte[0])).isRefused());
        assertEquals(new StoreUsage(cost(100) + cost(0), cost(100) + cost(0), false),
                store.usage());

        ApplyResult refused = apply(new KeyValueCommand.Put("k", new byte[101]));
        assertTrue(refused.isRefused());
        assertTrue(refused.noSpace());
        assertEquals("the store holds 294 B of its 294 B quota (--quota-bytes); delete keys or"
                + " raise the quota", refused.refusal());
        assertEquals(100, store.read("k").orElseThrow().length);
        assertTrue(store.usage().alarm());
        // Same size is not growth: it applies even with the alarm raised.
        assertFalse(apply(new KeyValueCommand.Put("k", new byte[100])).isRefused());
        assertTrue(apply(new KeyValueCommand.Cas("x", null, new byte[0])).noSpace());
        // A compare-and-set that would not swap grows nothing and answers as always.
        ApplyResult unswapped = apply(new KeyValueCommand.Cas("k", new byte[1], new byte[500]));
        assertFalse(unswapped.isRefused());
        assertFalse(unswapped.existed());
    }

    @Test
    void deletesAndShrinkingPutsApplyUnderTheAlarmWhichClearsAtNineTenths() {
        // Proves a full store still frees space, and the alarm stays until the store is back
        // at nine tenths of its quota, then clears by itself.
        apply(QuotaCommand.encode(10 * cost(100)));
        for (int i = 0; i < 10; i++) {
            apply(new KeyValueCommand.Put("k" + i, new byte[99])); // key "k0": 2 bytes
        }
        assertTrue(apply(new KeyValueCommand.Put("z", new byte[0])).noSpace());
        assertTrue(store.usage().alarm());
        assertFalse(apply(new KeyValueCommand.Put("k0", new byte[90])).isRefused());
        assertTrue(store.usage().alarm(), "9 bytes freed is not a tenth of the quota");
        assertTrue(apply(new KeyValueCommand.Delete("k1")).existed());
        assertFalse(store.usage().alarm(), "two keys' worth freed clears it");
        assertFalse(apply(new KeyValueCommand.Put("z", new byte[0])).isRefused());
    }

    @Test
    void aRefusedSessionRequestAppliesWhenRetriedAfterSpaceIsFreed() {
        // Proves a refusal for space records no result: the same request, retried after a
        // delete, applies instead of being answered with the refusal.
        apply(QuotaCommand.encode(cost(10)));
        assertFalse(session(1, new KeyValueCommand.Put("k", new byte[10])).isRefused());
        assertTrue(session(2, new KeyValueCommand.Put("j", new byte[1])).noSpace());
        assertFalse(store.appliedResult(RequestOrigin.SESSION, new ClientRequestId(7, 2))
                .isPresent());
        // A repeat of an applied request gets its first result even from a full store.
        assertFalse(session(1, new KeyValueCommand.Put("k", new byte[10])).isRefused());
        assertTrue(session(3, new KeyValueCommand.Delete("k")).existed());
        ApplyResult retried = session(2, new KeyValueCommand.Put("j", new byte[1]));
        assertFalse(retried.isRefused());
        assertArrayEquals(new byte[1], store.read("j").orElseThrow());
    }

    @Test
    void theLeadersEarlyCheckGivesTheApplyTimeAnswer() {
        // Proves quotaRefusal, which the leader asks before proposing, agrees with apply for
        // bare and stamped commands.
        apply(QuotaCommand.encode(cost(10)));
        byte[] fits = new KeyValueCommand.Put("k", new byte[10]).encode();
        byte[] tooBig = StampedCommand.ofSession(new ClientRequestId(7, 1),
                new KeyValueCommand.Put("k", new byte[11]).encode()).encode();
        assertFalse(store.quotaRefusal(fits).isPresent());
        assertTrue(store.quotaRefusal(tooBig).isPresent());
        assertTrue(store.quotaRefusal(new KeyValueCommand.Delete("k").encode()).isEmpty());
        assertEquals(store.quotaRefusal(tooBig).orElseThrow(), apply(tooBig).refusal());
    }

    @Test
    void aSnapshotKeepsQuotaAndAlarmAndRestoreRecomputesTheSize() {
        // Proves the incremental size after random puts, cas and deletes equals the size a
        // restore recomputes from the keys, and quota and alarm survive the snapshot.
        Random random = new Random(15);
        apply(QuotaCommand.encode(20_000));
        for (int i = 0; i < 2_000; i++) {
            String key = "key-" + random.nextInt(50) + "-\u00e9";
            byte[] value = new byte[random.nextInt(700)];
            switch (random.nextInt(3)) {
                case 0 -> apply(new KeyValueCommand.Put(key, value));
                case 1 -> apply(new KeyValueCommand.Cas(key, null, value));
                default -> apply(new KeyValueCommand.Delete(key));
            }
        }
        apply(new KeyValueCommand.Put("last", new byte[25_000]));
        assertTrue(store.usage().alarm());
        KeyValueStore restored = new KeyValueStore();
        restored.restore(store.snapshot(), store.lastApplied());
        assertEquals(store.usage(), restored.usage());
        assertEquals(20_000, restored.usage().quotaBytes());
    }

    @Test
    void aSnapshotWithoutAQuotaRestoresTheDefault() {
        // Proves a store that never saw a quota entry runs on etcd's default of 2 GiB.
        assertEquals(StoreQuota.DEFAULT_QUOTA_BYTES, store.usage().quotaBytes());
        assertEquals("2 GiB", StoreQuota.format(store.usage().quotaBytes()));
        assertEquals("1.5 MiB", StoreQuota.format(3 << 19));
    }
}
