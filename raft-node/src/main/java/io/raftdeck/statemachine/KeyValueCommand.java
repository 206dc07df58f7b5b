package io.raftdeck.statemachine;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A key/value operation as it travels in the log. Layout, big-endian:
 * <pre>
 *   byte   MAGIC (0xA7)
 *   byte   op (1 = put, 2 = delete, 3 = get)
 *   int    key length in bytes (1 .. MAX_KEY_BYTES)
 *   bytes  key, UTF-8
 *   bytes  value (put only: the rest of the command; delete and get have nothing here)
 * </pre>
 * 0xA7 is a UTF-8 continuation byte, so no valid UTF-8 text starts with it: a free-text command
 * typed by a user can never be mistaken for a key/value operation. Anything that does not decode
 * exactly is not an operation and is applied as a no-op. Op 4 is a client request's stamp
 * around a command ({@link SessionCommand}), never an operation by itself.
 */
public sealed interface KeyValueCommand {

    byte MAGIC = (byte) 0xA7;
    int HEADER_BYTES = 6;
    int MAX_KEY_BYTES = 64 * 1024;

    String key();

    /** Sets {@code key} to {@code value}. */
    record Put(String key, byte[] value) implements KeyValueCommand {
        public Put {
            requireValidKey(key);
            value = Objects.requireNonNull(value, "value").clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Put put && put.key.equals(key)
                    && Arrays.equals(put.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * key.hashCode() + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Put[" + key + ", " + value.length + "B]";
        }
    }

    /** Removes {@code key}. */
    record Delete(String key) implements KeyValueCommand {
        public Delete {
            requireValidKey(key);
        }
    }

    /** Reads {@code key}; it goes through the log so the answer is linearizable. */
    record Get(String key) implements KeyValueCommand {
        public Get {
            requireValidKey(key);
        }
    }

    /** The bytes to propose for this operation. */
    default byte[] encode() {
        byte[] key = key().getBytes(StandardCharsets.UTF_8);
        byte[] value = this instanceof Put put ? put.value : new byte[0];
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + key.length + value.length);
        buffer.put(MAGIC).put(opCode(this)).putInt(key.length).put(key).put(value);
        return buffer.array();
    }

    /** How many bytes {@link #encode} produces, without encoding. */
    static int encodedSize(String key, int valueBytes) {
        return HEADER_BYTES + key.getBytes(StandardCharsets.UTF_8).length + valueBytes;
    }

    /** The operation in {@code command}, or empty when the bytes are not exactly one. */
    static Optional<KeyValueCommand> decode(byte[] command) {
        if (command.length < HEADER_BYTES || command[0] != MAGIC) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(command);
        buffer.position(1);
        byte op = buffer.get();
        int keyBytes = buffer.getInt();
        if (keyBytes < 1 || keyBytes > MAX_KEY_BYTES || keyBytes > buffer.remaining()) {
            return Optional.empty();
        }
        Optional<String> key = strictUtf8(command, HEADER_BYTES, keyBytes);
        int valueStart = HEADER_BYTES + keyBytes;
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return switch (op) {
            case 1 -> Optional.of(new Put(key.get(),
                    Arrays.copyOfRange(command, valueStart, command.length)));
            case 2 -> valueStart == command.length
                    ? Optional.of(new Delete(key.get())) : Optional.empty();
            case 3 -> valueStart == command.length
                    ? Optional.of(new Get(key.get())) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static byte opCode(KeyValueCommand command) {
        if (command instanceof Put) {
            return 1;
        }
        return command instanceof Delete ? (byte) 2 : (byte) 3;
    }

    private static void requireValidKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key is " + bytes + " bytes; the limit is "
                    + MAX_KEY_BYTES);
        }
    }

    /** Decodes UTF-8, refusing malformed input instead of replacing it. */
    static Optional<String> strictUtf8(byte[] bytes, int offset, int length) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
