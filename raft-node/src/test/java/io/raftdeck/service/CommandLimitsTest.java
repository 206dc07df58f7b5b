package io.raftdeck.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.SessionCommand;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandLimitsTest {

    private static final byte[] TEXT = "hello".getBytes(StandardCharsets.UTF_8);

    private static SessionRef session(long clientId, long sequence) {
        return SessionRef.newBuilder().setClientId(clientId).setSequence(sequence).build();
    }

    @Test
    void sessionIsStampedOnTheCommandAndClientZeroMeansNone() {
        // Proves a SessionRef becomes the stamp in the log, and client id 0 leaves it bare.
        byte[] stamped = CommandLimits.stamped(TEXT, session(-3, 9));
        assertEquals(Optional.of(new SessionCommand(new ClientRequestId(-3, 9), TEXT)),
                SessionCommand.decode(stamped));
        assertArrayEquals(TEXT, CommandLimits.stamped(TEXT, session(0, 5)));
        assertArrayEquals(TEXT, CommandLimits.stamped(TEXT, SessionRef.getDefaultInstance()));
    }

    @Test
    void badSessionsAndStampLookalikesAreInvalidArguments() {
        // Proves sequence 0, a sequence past 2^63-1 and stamp bytes sent as text are refused.
        assertInvalid(() -> CommandLimits.stamped(TEXT, session(1, 0)), "sequence must be 1");
        assertInvalid(() -> CommandLimits.stamped(TEXT, session(1, -1)), "too large");
        byte[] lookalike = new SessionCommand(new ClientRequestId(1, 1), TEXT).encode();
        assertInvalid(() -> new CommandLimits(1024).freeText(lookalike), "session stamp");
    }

    private static void assertInvalid(Runnable call, String reason) {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains(reason),
                refused.getStatus().getDescription());
    }
}
