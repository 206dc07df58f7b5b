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
 *   byte   op (1 = put, 2 = delete, 3 = get, 5 = compare-and-set)
 *   int    key length in bytes (1 .. MAX_KEY_BYTES)
 *   bytes  key, UTF-8
 *   bytes  value (put only: the rest of the command; delete and get have nothing here)
 * </pre>
 * A compare-and-set carries, after the key: {@code byte} 1 when the key must be absent or 0
 * when it must hold the expected value, {@code int} expected length (0 when absent),
 * the expected bytes, then the new value (the rest of the command).
 * 0xA7 is a UTF-8 continuation byte, so no valid UTF-8 text starts with it: a free-text command
 * typed by a user can never be mistaken for a key/value operation. Anything that does not decode
 * exactly is not an operation and is applied as a no-op. Ops 4 and 6 are a client request's
 * stamp around a command ({@link StampedCommand}), never an operation by themselves.
 */
public sealed interface KeyValueCommand {

    byte MAGIC = (byte) 0xA7;
    int HEADER_BYTES = 6;
    int MAX_KEY_BYTES = 64 * 1024;
    /** Ops 4 and 6 are taken by {@link StampedCommand}'s stamps. */
    byte OP_CAS = 5;

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

        /** The value's length, without copying it. */
        public int valueBytes() {
            return value.length;
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

    /**
     * Sets {@code key} to {@code value} only if it currently holds {@code expected}, or, when
     * {@code expected} is null, only if it is absent.
     */
    record Cas(String key, byte[] expected, byte[] value) implements KeyValueCommand {
        /** Bytes a compare-and-set adds after the key, besides its two values. */
        public static final int EXTRA_HEADER_BYTES = 1 + Integer.BYTES;

        public Cas {
            requireValidKey(key);
            expected = expected == null ? null : expected.clone();
            value = Objects.requireNonNull(value, "value").clone();
        }

        /** The value the key must hold, or null when it must be absent. */
        @Override
        public byte[] expected() {
            return expected == null ? null : expected.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The new value's length, without copying it. */
        public int valueBytes() {
            return value.length;
        }

        public boolean expectAbsent() {
            return expected == null;
        }

        private byte[] body() {
            byte[] compared = expected == null ? new byte[0] : expected;
            return ByteBuffer.allocate(EXTRA_HEADER_BYTES + compared.length + value.length)
                    .put(expected == null ? (byte) 1 : (byte) 0).putInt(compared.length)
                    .put(compared).put(value).array();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Cas cas && cas.key.equals(key)
                    && Arrays.equals(cas.expected, expected) && Arrays.equals(cas.value, value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, Arrays.hashCode(expected), Arrays.hashCode(value));
        }

        @Override
        public String toString() {
            return "Cas[" + key + ", " + (expected == null ? "absent" : expected.length + "B")
                    + " -> " + value.length + "B]";
        }
    }

    /** The bytes to propose for this operation. */
    default byte[] encode() {
        byte[] key = key().getBytes(StandardCharsets.UTF_8);
        byte[] value = this instanceof Put put ? put.value
                : this instanceof Cas cas ? cas.body() : new byte[0];
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + key.length + value.length);
        buffer.put(MAGIC).put(opCode(this)).putInt(key.length).put(key).put(value);
        return buffer.array();
    }

    /** How many bytes {@link #encode} produces, without encoding. */
    static int encodedSize(String key, int valueBytes) {
        return HEADER_BYTES + key.getBytes(StandardCharsets.UTF_8).length + valueBytes;
    }

    /** How many bytes a compare-and-set's {@link #encode} produces, without encoding. */
    static int encodedCasSize(String key, int expectedBytes, int valueBytes) {
        return encodedSize(key, Cas.EXTRA_HEADER_BYTES + expectedBytes + valueBytes);
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
            case OP_CAS -> decodeCas(key.get(), command, valueStart);
            default -> Optional.empty();
        };
    }

    /** A compare-and-set's body after its key, or empty when it is not exactly one. */
    private static Optional<KeyValueCommand> decodeCas(String key, byte[] command, int start) {
        if (command.length - start < Cas.EXTRA_HEADER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(command, start, command.length - start);
        byte absent = buffer.get();
        int expectedBytes = buffer.getInt();
        if (absent < 0 || absent > 1 || expectedBytes < 0 || expectedBytes > buffer.remaining()
                || (absent == 1 && expectedBytes != 0)) {
            return Optional.empty();
        }
        int expectedStart = start + Cas.EXTRA_HEADER_BYTES;
        byte[] expected = absent == 1 ? null
                : Arrays.copyOfRange(command, expectedStart, expectedStart + expectedBytes);
        byte[] value = Arrays.copyOfRange(command, expectedStart + expectedBytes, command.length);
        return Optional.of(new Cas(key, expected, value));
    }

    private static byte opCode(KeyValueCommand command) {
        if (command instanceof Put) {
            return 1;
        }
        if (command instanceof Cas) {
            return OP_CAS;
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
