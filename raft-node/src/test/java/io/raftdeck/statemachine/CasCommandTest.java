package io.raftdeck.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Entry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Compare-and-set: its encoding, how the store applies it, sessions and rendering. */
class CasCommandTest {

    private final KeyValueStore store = new KeyValueStore();
    private long nextIndex = 1;

    private ApplyResult apply(byte[] command) {
        return store.apply(Entry.command(nextIndex++, 3, command));
    }

    private ApplyResult apply(KeyValueCommand command) {
        return apply(command.encode());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String valueOf(String key) {
        return store.read(key).map(value -> new String(value, StandardCharsets.UTF_8))
                .orElse(null);
    }

    @Test
    void encodingRoundTripsBothForms() {
        // Proves a cas with an expected value and one expecting absence decode to themselves.
        KeyValueCommand.Cas present = new KeyValueCommand.Cas("k", bytes("a"), bytes("bc"));
        KeyValueCommand.Cas absent = new KeyValueCommand.Cas("k", null, bytes(""));
        assertEquals(Optional.of(present), KeyValueCommand.decode(present.encode()));
        assertEquals(Optional.of(absent), KeyValueCommand.decode(absent.encode()));
        assertEquals(KeyValueCommand.encodedCasSize("k", 1, 2), present.encode().length);
        assertTrue(((KeyValueCommand.Cas) KeyValueCommand.decode(absent.encode()).get())
                .expectAbsent());
    }

    @Test
    void malformedCasBodiesAreNotOperations() {
        // Proves truncated or inconsistent cas bytes decode to nothing (applied as a no-op).
        byte[] good = new KeyValueCommand.Cas("k", bytes("ab"), bytes("c")).encode();
        assertTrue(KeyValueCommand.decode(Arrays.copyOf(good, 9)).isEmpty());
        byte[] badFlag = good.clone();
        badFlag[7] = 2;
        assertTrue(KeyValueCommand.decode(badFlag).isEmpty());
        byte[] tooLong = good.clone();
        tooLong[11] = 50;
        assertTrue(KeyValueCommand.decode(tooLong).isEmpty());
        byte[] absentWithBytes = good.clone();
        absentWithBytes[7] = 1;
        assertTrue(KeyValueCommand.decode(absentWithBytes).isEmpty());
    }

    @Test
    void swapsOnlyWhenTheCurrentValueMatches() {
        // Proves a matching cas writes and reports swapped; a mismatch writes nothing.
        apply(new KeyValueCommand.Put("k", bytes("a")));
        ApplyResult missed = apply(new KeyValueCommand.Cas("k", bytes("x"), bytes("b")));
        assertFalse(missed.existed());
        assertArrayEquals(bytes("a"), missed.value());
        assertEquals("a", valueOf("k"));
        ApplyResult swapped = apply(new KeyValueCommand.Cas("k", bytes("a"), bytes("b")));
        assertTrue(swapped.existed());
        assertNull(swapped.value());
        assertEquals(3, swapped.index());
        assertEquals("b", valueOf("k"));
    }

    @Test
    void expectAbsentSwapsOnlyOnAMissingKey() {
        // Proves expect-absent creates a missing key and refuses an existing one.
        assertTrue(apply(new KeyValueCommand.Cas("k", null, bytes("a"))).existed());
        ApplyResult second = apply(new KeyValueCommand.Cas("k", null, bytes("b")));
        assertFalse(second.existed());
        assertArrayEquals(bytes("a"), second.value());
        assertEquals("a", valueOf("k"));
        ApplyResult onMissing = apply(new KeyValueCommand.Cas("gone", bytes(""), bytes("z")));
        assertFalse(onMissing.existed(), "an empty expected value is not absence");
        assertNull(onMissing.value());
        assertNull(valueOf("gone"));
    }

    @Test
    void sessionDuplicateOfACasAppliesOnce() {
        // Proves a retried stamped cas is answered with its first result and does not re-apply.
        byte[] cas = StampedCommand.ofSession(new ClientRequestId(7, 1),
                new KeyValueCommand.Cas("k", null, bytes("a")).encode()).encode();
        ApplyResult first = apply(cas);
        assertTrue(first.existed());
        apply(new KeyValueCommand.Put("k", bytes("later")));
        ApplyResult retry = apply(cas);
        assertTrue(retry.existed(), "the retry reports the first application's swap");
        assertEquals(first.index(), retry.index());
        assertEquals("later", valueOf("k"), "the retry must not write again");
    }

    @Test
    void rendersReadably() {
        // Proves cas renders as "cas k: a -> b", with absence spelled out.
        byte[] cas = new KeyValueCommand.Cas("k", bytes("a"), bytes("b")).encode();
        assertEquals("cas k: a -> b", CommandRenderer.render(cas, 80));
        byte[] absent = new KeyValueCommand.Cas("k", null, bytes("b")).encode();
        assertEquals("cas k: (absent) -> b", CommandRenderer.render(absent, 80));
    }
}
