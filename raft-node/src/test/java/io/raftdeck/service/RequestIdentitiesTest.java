package io.raftdeck.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.RequestOrigin;
import io.raftdeck.statemachine.StampedCommand;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class RequestIdentitiesTest {

    private static final byte[] TEXT = "hello".getBytes(StandardCharsets.UTF_8);
    private static final long NODE_CLIENT = 0x5eed;

    private final RequestIdentities identities = new RequestIdentities(NODE_CLIENT);

    private static SessionRef session(long clientId, long sequence) {
        return SessionRef.newBuilder().setClientId(clientId).setSequence(sequence).build();
    }

    @Test
    void aSessionKeepsItsIdentity() {
        // Proves a SessionRef becomes a session stamp with the client's own (id, sequence).
        assertEquals(StampedCommand.ofSession(new ClientRequestId(-3, 9), TEXT),
                identities.stamp(TEXT, session(-3, 9)));
    }

    @Test
    void aRequestWithoutASessionGetsANewIdentityOfThisNode() {
        // Proves client id 0 (or no SessionRef) gets this node's client id and a new sequence.
        StampedCommand first = identities.stamp(TEXT, session(0, 5));
        StampedCommand second = identities.stamp(TEXT, SessionRef.getDefaultInstance());
        StampedCommand third = identities.stamp(TEXT);
        assertEquals(RequestOrigin.RECEIVING_NODE, first.origin());
        assertEquals(new ClientRequestId(NODE_CLIENT, 1), first.request());
        assertEquals(new ClientRequestId(NODE_CLIENT, 2), second.request());
        assertEquals(new ClientRequestId(NODE_CLIENT, 3), third.request());
    }

    @Test
    void aForwardedRequestKeepsTheIdentityItsForwarderGaveIt() throws Exception {
        // Proves the identity in a forwarded call's header is used instead of a new one.
        ClientRequestId given = new ClientRequestId(-7, 42);
        StampedCommand stamped = inForwardedCall(Forwarding.requestIdHeader(given),
                () -> identities.stamp(TEXT));
        assertEquals(StampedCommand.ofReceivingNode(given, TEXT), stamped);
        StampedCommand fresh = inForwardedCall(null, () -> identities.stamp(TEXT));
        assertEquals(new ClientRequestId(NODE_CLIENT, 1), fresh.request());
    }

    @Test
    void randomIdentitiesDifferBetweenRuns() {
        // Proves two runs of a node never number requests under the same client id.
        assertNotEquals(RequestIdentities.random().stamp(TEXT).request(),
                RequestIdentities.random().stamp(TEXT).request());
    }

    @Test
    void badSessionsAndForwardedIdentitiesAreInvalidArguments() {
        // Proves sequence 0, one past 2^63-1 and a malformed forwarded identity are refused.
        CommandLimitsTest.assertInvalid(() -> identities.stamp(TEXT, session(1, 0)),
                "sequence must be 1");
        CommandLimitsTest.assertInvalid(() -> identities.stamp(TEXT, session(1, -1)),
                "too large");
        for (String header : new String[] {"", "12", "x.1", "1.0", "0.1", "1.-1", ".5"}) {
            CommandLimitsTest.assertInvalid(() -> {
                try {
                    inForwardedCall(header, () -> identities.stamp(TEXT));
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, "malformed raftdeck-request-id header");
        }
    }

    private static <T> T inForwardedCall(String requestIdHeader, Callable<T> body)
            throws Exception {
        return Forwarding.forwardedContext("2", requestIdHeader).call(body);
    }
}
