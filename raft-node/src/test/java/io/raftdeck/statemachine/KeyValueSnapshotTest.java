package io.raftdeck.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftdeck.core.Entry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyValueSnapshotTest {

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

    private static Entry put(long index, String key, byte[] value) {
        return Entry.command(index, 1, new KeyValueCommand.Put(key, value).encode());
    }
}
