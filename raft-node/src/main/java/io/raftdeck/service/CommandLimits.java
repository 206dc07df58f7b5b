package io.raftdeck.service;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.proto.v1.CasRequest;
import io.raftdeck.statemachine.KeyValueCommand;
import io.raftdeck.statemachine.QuotaCommand;
import io.raftdeck.statemachine.StampedCommand;

/**
 * Checks client input before it reaches the log; violations are INVALID_ARGUMENT.
 *
 * <p>The size limit counts what the client sends, as the README promises: a put's value, a
 * cas's expected and new values together (both travel in the one log entry), a free-text
 * command. The key has its own limit ({@link KeyValueCommand#MAX_KEY_BYTES}), and the encoding
 * adds a few fixed headers and the request stamp. So a log entry is at most the limit plus
 * {@link #MAX_ENTRY_OVERHEAD_BYTES}, which the node's gRPC message limit leaves room for (one
 * append batch plus one maximal command plus 256 KiB of slack, in RaftServer).
 */
final class CommandLimits {

    /** What an entry may carry beyond the limit: key, operation headers, request stamp. */
    static final int MAX_ENTRY_OVERHEAD_BYTES = KeyValueCommand.HEADER_BYTES
            + KeyValueCommand.MAX_KEY_BYTES + KeyValueCommand.Cas.EXTRA_HEADER_BYTES
            + StampedCommand.HEADER_BYTES;

    private final int maxCommandBytes;

    CommandLimits(int maxCommandBytes) {
        this.maxCommandBytes = maxCommandBytes;
    }

    /**
     * The encoded operation (a put of {@code valueBytes}, or a get or delete of none), after
     * checking its key and the value's size.
     */
    byte[] operation(ByteString key, int valueBytes, KeyValueOperation build) {
        checkKey(key);
        checkSize("value is", valueBytes);
        return build.create().encode();
    }

    /** The encoded compare-and-set, after checking its key and its two values' size. */
    byte[] cas(CasRequest request) {
        checkKey(request.getKeyBytes());
        byte[] expected = request.getExpectAbsent() ? null : request.getExpected().toByteArray();
        int expectedBytes = expected == null ? 0 : expected.length;
        checkSize("the expected and new values are", expectedBytes + request.getValue().size());
        return new KeyValueCommand.Cas(request.getKey(), expected,
                request.getValue().toByteArray()).encode();
    }

    /** Checks a key as the request's bytes, before anything decodes them. */
    private static void checkKey(ByteString key) {
        if (key.isEmpty()) {
            throw invalid("key must not be empty");
        }
        // Decoding would put U+FFFD in place of bad bytes, and two different keys would become
        // one. Proto3 parsing refuses such a request already (MalformedRequests names it); this
        // keeps the rule where keys are checked, whatever the schema's parser does.
        if (!key.isValidUtf8()) {
            throw invalid("key is not valid UTF-8");
        }
        if (key.size() > KeyValueCommand.MAX_KEY_BYTES) {
            throw invalid("key is " + key.size() + " bytes; the limit is "
                    + KeyValueCommand.MAX_KEY_BYTES);
        }
    }

    /** A free-text command, after checking it is not empty, not too big and not an operation. */
    byte[] freeText(byte[] command) {
        if (command.length == 0) {
            throw invalid("command must not be empty");
        }
        checkSize("command is", command.length);
        if (KeyValueCommand.decode(command).isPresent()) {
            throw invalid("command bytes encode a key/value operation;"
                    + " use Put, Get, Delete or Cas");
        }
        if (QuotaCommand.decode(command).isPresent()) {
            throw invalid("command bytes encode a quota entry; set --quota-bytes on the nodes");
        }
        if (StampedCommand.isStamped(command)) {
            throw invalid("command bytes encode a request stamp; send a session as SessionRef");
        }
        return command;
    }

    /** {@code what} reads "value is", "command is": the message names what was too big. */
    private void checkSize(String what, int bytes) {
        if (bytes > maxCommandBytes) {
            throw invalid(what + " " + bytes + " bytes; the limit is " + maxCommandBytes
                    + " bytes");
        }
    }

    static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }

    /** Builds the operation once its inputs are known to be acceptable. */
    interface KeyValueOperation {
        KeyValueCommand create();
    }
}
