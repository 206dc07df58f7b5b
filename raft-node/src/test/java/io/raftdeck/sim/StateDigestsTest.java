package io.raftdeck.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The state digest check fails on two states at one index and only then. */
class StateDigestsTest {

    @Test
    void equalStatesAtAnIndexPassAndDifferentOnesFail() {
        StateDigests digests = new StateDigests();
        digests.observe(1, 5, bytes("a=1"));
        digests.observe(2, 5, bytes("a=1"));
        digests.observe(2, 6, bytes("a=2"));
        assertThrows(SafetyViolation.class, () -> digests.observe(3, 6, bytes("a=3")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
