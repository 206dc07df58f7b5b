package io.raftdeck.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StampedCommandTest {

    private static final byte[] PUT =
            new KeyValueCommand.Put("k", new byte[] {1, 2}).encode();

    @Test
    void stampedCommandsDecodeToThemselves() {
        // Proves encode and decode are inverse for stamped puts, deletes and free text.
        for (byte[] command : new byte[][] {PUT, new KeyValueCommand.Delete("k").encode(),
                "free text".getBytes(StandardCharsets.UTF_8), {(byte) 0xA7}}) {
            for (RequestOrigin origin : RequestOrigin.values()) {
                StampedCommand stamped = new StampedCommand(origin, new ClientRequestId(-5, 7),
                        command);
                byte[] encoded = stamped.encode();
                assertEquals(StampedCommand.HEADER_BYTES + command.length, encoded.length);
                assertEquals(Optional.of(stamped), StampedCommand.decode(encoded));
                assertArrayEquals(command,
                        StampedCommand.decode(encoded).orElseThrow().command());
            }
        }
    }

    @Test
    void unstampedCommandsAreNotStamped() {
        // Proves entries written before sessions existed (operations, text) never decode as one.
        for (byte[] bytes : new byte[][] {PUT, new KeyValueCommand.Get("k").encode(),
                "hello".getBytes(StandardCharsets.UTF_8), {}, {(byte) 0xA7, 4, 1, 2}}) {
            assertEquals(Optional.empty(), StampedCommand.decode(bytes));
            assertFalse(StampedCommand.isStamped(bytes));
        }
    }

    @Test
    void malformedStampsAreNotRequests() {
        // Proves a stamp with client 0, sequence 0, no command, a get or a nested stamp is refused.
        byte[] nested = StampedCommand.ofReceivingNode(new ClientRequestId(1, 1), PUT).encode();
        for (byte[] bytes : new byte[][] {stamp(0, 1, PUT), stamp(1, 0, PUT),
                stamp(1, -1, PUT), stamp(1, 1, new byte[0]),
                stamp(1, 1, new KeyValueCommand.Get("k").encode()), stamp(2, 2, nested)}) {
            assertTrue(StampedCommand.isStamped(bytes));
            assertEquals(Optional.empty(), StampedCommand.decode(bytes), Arrays.toString(bytes));
        }
    }

    @Test
    void invalidRequestsAndCommandsAreRefusedWhenBuilt() {
        // Proves the constructors refuse what decode would refuse, with a clear message.
        assertThrows(IllegalArgumentException.class, () -> new ClientRequestId(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ClientRequestId(1, 0));
        assertThrows(IllegalArgumentException.class, () -> StampedCommand.ofSession(
                new ClientRequestId(1, 1), new KeyValueCommand.Get("k").encode()));
        assertThrows(IllegalArgumentException.class, () -> StampedCommand.ofSession(
                new ClientRequestId(1, 1), new byte[0]));
    }

    /** A stamp built by hand, without the constructor's checks. */
    private static byte[] stamp(long clientId, long sequence, byte[] command) {
        return ByteBuffer.allocate(StampedCommand.HEADER_BYTES + command.length)
                .put(KeyValueCommand.MAGIC).put((byte) 4).putLong(clientId).putLong(sequence)
                .put(command).array();
    }
}
