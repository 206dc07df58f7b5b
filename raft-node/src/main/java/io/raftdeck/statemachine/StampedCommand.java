package io.raftdeck.statemachine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A command stamped with the identity of the client request it carries out, as it travels in
 * the log. Layout, big-endian:
 * <pre>
 *   byte   MAGIC (0xA7, as for {@link KeyValueCommand})
 *   byte   4: numbered by the client's session; 6: numbered by the node that received it
 *          ({@link RequestOrigin}; 1..3 and 5 are the bare key/value operations)
 *   long   client id (not 0)
 *   long   sequence (1 or more)
 *   bytes  the command: an encoded put, delete or cas, or free text (not empty, not itself
 *          stamped)
 * </pre>
 * Entries written before stamps existed have none and still apply as they always did. A get is
 * never stamped: reading twice is harmless, and a cached read would hold a value.
 */
public record StampedCommand(RequestOrigin origin, ClientRequestId request, byte[] command) {

    /** Bytes the stamp adds in front of a command. */
    public static final int HEADER_BYTES = 2 + Long.BYTES + Long.BYTES;

    public StampedCommand {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(request, "request");
        command = Objects.requireNonNull(command, "command").clone();
        if (!isStampable(command)) {
            throw new IllegalArgumentException("a stamp goes on a put, a delete, a cas or free"
                    + " text, not on an empty, stamped or get command");
        }
    }

    /** {@code command} as request {@code request} of a client's session. */
    public static StampedCommand ofSession(ClientRequestId request, byte[] command) {
        return new StampedCommand(RequestOrigin.SESSION, request, command);
    }

    /** {@code command} as request {@code request} numbered by the node that received it. */
    public static StampedCommand ofReceivingNode(ClientRequestId request, byte[] command) {
        return new StampedCommand(RequestOrigin.RECEIVING_NODE, request, command);
    }

    @Override
    public byte[] command() {
        return command.clone();
    }

    /** The bytes to propose. */
    public byte[] encode() {
        return ByteBuffer.allocate(HEADER_BYTES + command.length)
                .put(KeyValueCommand.MAGIC).put(origin.opCode())
                .putLong(request.clientId()).putLong(request.sequence())
                .put(command).array();
    }

    /** The stamped command in {@code bytes}, or empty when they are not exactly one. */
    public static Optional<StampedCommand> decode(byte[] bytes) {
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
        return Optional.of(new StampedCommand(RequestOrigin.ofOpCode(bytes[1]),
                new ClientRequestId(clientId, sequence), command));
    }

    /** Whether {@code bytes} start like a stamp; such bytes are never accepted as free text. */
    public static boolean isStamped(byte[] bytes) {
        return bytes.length >= HEADER_BYTES && bytes[0] == KeyValueCommand.MAGIC
                && RequestOrigin.ofOpCode(bytes[1]) != null;
    }

    private static boolean isStampable(byte[] command) {
        return command.length > 0 && !isStamped(command)
                && !(KeyValueCommand.decode(command).orElse(null)
                        instanceof KeyValueCommand.Get);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StampedCommand stamped && stamped.origin == origin
                && stamped.request.equals(request) && Arrays.equals(stamped.command, command);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, request, Arrays.hashCode(command));
    }

    @Override
    public String toString() {
        return "StampedCommand[" + origin + ", " + request + ", " + command.length + "B]";
    }
}
