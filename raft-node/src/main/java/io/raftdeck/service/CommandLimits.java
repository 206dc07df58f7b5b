package io.raftdeck.service;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.statemachine.KeyValueCommand;
import java.nio.charset.StandardCharsets;

/** Checks client input before it reaches the log; violations are INVALID_ARGUMENT. */
final class CommandLimits {

    private final int maxCommandBytes;

    CommandLimits(int maxCommandBytes) {
        this.maxCommandBytes = maxCommandBytes;
    }

    /** The encoded operation, after checking its key and size. */
    byte[] operation(String key, int valueBytes, KeyValueOperation build) {
        if (key.isEmpty()) {
            throw invalid("key must not be empty");
        }
        int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (keyBytes > KeyValueCommand.MAX_KEY_BYTES) {
            throw invalid("key is " + keyBytes + " bytes; the limit is "
                    + KeyValueCommand.MAX_KEY_BYTES);
        }
        checkSize(KeyValueCommand.encodedSize(key, valueBytes));
        return build.create().encode();
    }

    /** A free-text command, after checking it is not empty, not too big and not an operation. */
    byte[] freeText(byte[] command) {
        if (command.length == 0) {
            throw invalid("command must not be empty");
        }
        checkSize(command.length);
        if (KeyValueCommand.decode(command).isPresent()) {
            throw invalid("command bytes encode a key/value operation; use Put, Get or Delete");
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
