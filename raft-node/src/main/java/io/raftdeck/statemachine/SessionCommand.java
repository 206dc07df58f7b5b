package io.raftdeck.statemachine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A command stamped with the client request it carries out, as it travels in the log. Layout,
 * big-endian:
 * <pre>
 *   byte   MAGIC (0xA7, as for {@link KeyValueCommand})
 *   byte   4 (a session stamp; 1..3 are the bare key/value operations)
 *   long   client id (not 0)
 *   long   sequence (1 or more)
 *   bytes  the command: an encoded put or delete, or free text (not empty, not itself stamped)
 * </pre>
 * Entries written before sessions existed have no stamp and still apply as they always did.
 * A get is never stamped: reading twice is harmless, and a cached read would hold a value.
 */
public record SessionCommand(ClientRequestId request, byte[] command) {

    static final byte OP_SESSION = 4;
    /** Bytes the stamp adds in front of a command. */
    public static final int HEADER_BYTES = 2 + Long.BYTES + Long.BYTES;

    public SessionCommand {
        Objects.requireNonNull(request, "request");
        command = Objects.requireNonNull(command, "command").clone();
        if (!isStampable(command)) {
            throw new IllegalArgumentException("a session stamps a put, a delete or free text,"
                    + " not an empty, stamped or get command");
        }
    }

    @Override
    public byte[] command() {
        return command.clone();
    }

    /** The bytes to propose. */
    public byte[] encode() {
        return ByteBuffer.allocate(HEADER_BYTES + command.length)
                .put(KeyValueCommand.MAGIC).put(OP_SESSION)
                .putLong(request.clientId()).putLong(request.sequence())
                .put(command).array();
    }

    /** The stamped command in {@code bytes}, or empty when they are not exactly one. */
    public static Optional<SessionCommand> decode(byte[] bytes) {
        if (!isStamped(bytes)) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 2, bytes.length - 2);
        long clientId = buffer.getLong();
        long sequence = buffer.getLong();
        byte[] command = Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
        if (clientId == 0 || sequence < 1 || !isStampable(command)) {
            return Optional.empty();
        }
        return Optional.of(new SessionCommand(new ClientRequestId(clientId, sequence), command));
    }

    /** Whether {@code bytes} start like a stamp; such bytes are never accepted as free text. */
    public static boolean isStamped(byte[] bytes) {
        return bytes.length >= HEADER_BYTES && bytes[0] == KeyValueCommand.MAGIC
                && bytes[1] == OP_SESSION;
    }

    private static boolean isStampable(byte[] command) {
        return command.length > 0 && !isStamped(command)
                && !(KeyValueCommand.decode(command).orElse(null)
                        instanceof KeyValueCommand.Get);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionCommand stamped && stamped.request.equals(request)
                && Arrays.equals(stamped.command, command);
    }

    @Override
    public int hashCode() {
        return 31 * request.hashCode() + Arrays.hashCode(command);
    }

    @Override
    public String toString() {
        return "SessionCommand[" + request + ", " + command.length + "B]";
    }
}
