package io.raftdeck.console.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.raftdeck.proto.v1.SessionRef;
import java.util.PrimitiveIterator;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class CommandSessionTest {

    private static CommandSession withIds(long... ids) {
        PrimitiveIterator.OfLong next = LongStream.of(ids).iterator();
        return new CommandSession(next::nextLong);
    }

    @Test
    void sequencesIncreaseUnderOneClientIdThatIsNeverZero() {
        // Proves each command gets the next sequence, and client id 0 ("no session") is skipped.
        CommandSession session = withIds(0, 42);
        SessionRef first = session.next();
        SessionRef second = session.next();
        assertEquals(42, first.getClientId());
        assertEquals(42, second.getClientId());
        assertEquals(1, first.getSequence());
        assertEquals(2, second.getSequence());
    }

    @Test
    void onlyAnExpiredSessionIsRenewed() {
        // Proves "expired" starts a new client at sequence 1; other refusals keep the session.
        CommandSession session = withIds(7, 8);
        session.next();
        assertFalse(session.renewIfForgotten(Status.UNAVAILABLE.asRuntimeException()));
        assertFalse(session.renewIfForgotten(Status.FAILED_PRECONDITION
                .withDescription("sequence 1 already superseded").asRuntimeException()));
        assertEquals(2, session.next().getSequence());
        assertTrue(session.renewIfForgotten(Status.FAILED_PRECONDITION
                .withDescription("session of client 7 expired: ...").asRuntimeException()));
        SessionRef renewed = session.next();
        assertEquals(8, renewed.getClientId());
        assertEquals(1, renewed.getSequence());
    }
}
