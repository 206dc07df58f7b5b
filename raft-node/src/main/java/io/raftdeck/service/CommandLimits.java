package io.raftdeck.service;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.proto.v1.CasRequest;
import io.raftdeck.statemachine.KeyValueCommand;
import io.raftdeck.statemachine.StampedCommand;

/** Checks client input before it reaches the log; violations are INVALID_ARGUMENT. */
final class CommandLimits {

    private final int maxCommandBytes;

    CommandLimits(int maxCommandBytes) {
        this.maxCommandBytes = maxCommandBytes;
    }

    /**
     * The encoded operation, after checking its key (as the request's bytes, before anything
     * decodes them) and size.
     */
    byte[] operation(ByteString key, int valueBytes, KeyValueOperation build) {
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
        checkSize(KeyValueCommand.HEADER_BYTES + key.size() + valueBytes);
        return build.create().encode();
    }

    /** The encoded compare-and-set, after checking its key and size. */
    byte[] cas(CasRequest request) {
        byte[] expected = request.getExpectAbsent() ? null : request.getExpected().toByteArray();
        int expectedBytes = expected == null ? 0 : expected.length;
        int bodyBytes = KeyValueCommand.Cas.EXTRA_HEADER_BYTES + expectedBytes
                + request.getValue().size();
        return operation(request.getKeyBytes(), bodyBytes, () -> new KeyValueCommand.Cas(
                request.getKey(), expected, request.getValue().toByteArray()));
    }

    /** A free-text command, after checking it is not empty, not too big and not an operation. */
    byte[] freeText(byte[] command) {
        if (command.length == 0) {
            throw invalid("command must not be empty");
        }
        checkSize(command.length);
        if (KeyValueCommand.decode(command).isPresent()) {
            throw invalid("command bytes encode a key/value operation;"
                    + " use Put, Get, Delete or Cas");
        }
        if (StampedCommand.isStamped(command)) {
            throw invalid("command bytes encode a request stamp; send a session as SessionRef");
        }
        return command;
    }

    private void checkSize(int bytes) {
        if (bytes > maxCommandBytes) {
            throw invalid("command is " + bytes + " bytes; the limit is " + maxCommandBytes
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
