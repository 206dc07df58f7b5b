package io.raftdeck.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyValueStoreTest {

    private final KeyValueStore store = new KeyValueStore();
    private long nextIndex = 1;

    private ApplyResult apply(KeyValueCommand command) {
        return store.apply(Entry.command(nextIndex++, 2, command.encode()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetDeleteBehaveLikeAMap() {
        // Proves the store's results: replaced, found with value, existed on delete.
        assertFalse(apply(new KeyValueCommand.Put("a", bytes("1"))).existed());
        assertTrue(apply(new KeyValueCommand.Put("a", bytes("2"))).existed());
        ApplyResult found = apply(new KeyValueCommand.Get("a"));
        assertTrue(found.existed());
        assertArrayEquals(bytes("2"), found.value());
        assertEquals(3, found.index());
        assertEquals(2, found.term());
        assertTrue(apply(new KeyValueCommand.Delete("a")).existed());
        assertFalse(apply(new KeyValueCommand.Delete("a")).existed());
        ApplyResult missing = apply(new KeyValueCommand.Get("a"));
        assertFalse(missing.existed());
        assertNull(missing.value());
    }

    @Test
    void freeTextAndNoopsChangeNothingButAdvance() {
        // Proves unknown commands and leader no-ops are applied as no-ops and still counted.
        apply(new KeyValueCommand.Put("a", bytes("1")));
        ApplyResult text = store.apply(Entry.command(2, 2, bytes("hello")));
        ApplyResult noop = store.apply(Entry.noop(3, 3));
        assertFalse(text.existed());
        assertEquals(3, noop.index());
        assertEquals(3, store.lastApplied());
        assertEquals(1, store.size());
        assertArrayEquals(bytes("1"), store.read("a").orElseThrow());
    }

    @Test
    void outOfOrderApplyIsRefused() {
        // Proves a gap or a repeat in applied indexes is caught rather than silently applied.
        store.apply(Entry.noop(1, 1));
        assertThrows(IllegalStateException.class, () -> store.apply(Entry.noop(3, 1)));
        assertThrows(IllegalStateException.class, () -> store.apply(Entry.noop(1, 1)));
    }
}
