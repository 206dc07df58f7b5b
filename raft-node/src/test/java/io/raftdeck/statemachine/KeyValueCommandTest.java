package io.raftdeck.statemachine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyValueCommandTest {

    @Test
    void everyOperationDecodesToItself() {
        // Proves encode and decode are inverse for put, delete and get.
        byte[] value = {0, 1, 2, (byte) 0xff};
        for (KeyValueCommand command : new KeyValueCommand[] {
                new KeyValueCommand.Put("k\u00e9y", value),
                new KeyValueCommand.Put("empty", new byte[0]),
                new KeyValueCommand.Delete("gone"),
                new KeyValueCommand.Get("x")}) {
            byte[] encoded = command.encode();
            assertEquals(Optional.of(command), KeyValueCommand.decode(encoded));
            assertEquals(encoded.length, KeyValueCommand.encodedSize(command.key(),
                    command instanceof KeyValueCommand.Put put ? put.value().length : 0));
        }
    }

    @Test
    void textIsNeverAnOperation() {
        // Proves free text (any valid UTF-8) never decodes as a key/value operation.
        for (String text : new String[] {"", "set a=1", "\u00a7\u00a7\u00a7\u00a7\u00a7\u00a7",
                "hello world"}) {
            assertEquals(Optional.empty(),
                    KeyValueCommand.decode(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void malformedBytesAreNotOperations() {
        // Proves truncated, padded, unknown-op and bad-key encodings are rejected, not guessed.
        byte[] delete = new KeyValueCommand.Delete("key").encode();
        byte[] padded = Arrays.copyOf(delete, delete.length + 1);
        byte[] truncated = Arrays.copyOf(delete, delete.length - 1);
        byte[] unknownOp = delete.clone();
        unknownOp[1] = 9;
        byte[] zeroKey = {KeyValueCommand.MAGIC, 1, 0, 0, 0, 0};
        byte[] badUtf8Key = {KeyValueCommand.MAGIC, 3, 0, 0, 0, 1, (byte) 0xc3};
        byte[] hugeLength = {KeyValueCommand.MAGIC, 1, 0x7f, 0, 0, 0, 'k'};
        for (byte[] bytes : new byte[][] {padded, truncated, unknownOp, zeroKey, badUtf8Key,
                hugeLength, {KeyValueCommand.MAGIC}}) {
            assertEquals(Optional.empty(), KeyValueCommand.decode(bytes),
                    Arrays.toString(bytes));
        }
    }

    @Test
    void emptyKeyIsRefused() {
        // Proves an operation cannot be built with an empty key.
        assertThrows(IllegalArgumentException.class, () -> new KeyValueCommand.Get(""));
    }

    @Test
    void putValueCannotBeChangedFromOutside() {
        // Proves a Put copies its value in and out, so the log's bytes stay immutable.
        byte[] value = {1, 2};
        KeyValueCommand.Put put = new KeyValueCommand.Put("k", value);
        value[0] = 9;
        put.value()[1] = 9;
        assertArrayEquals(new byte[] {1, 2}, put.value());
        assertTrue(put.encode()[put.encode().length - 2] == 1);
    }
}
