package io.raftdeck.service;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bound on client calls a node serves at once, over all connections: past it a new call is
 * refused at once with UNAVAILABLE and a retryable sentence, marked not proposed, before it
 * costs a proposal, a forward or a wait. So a flood of clients slows callers (they retry, or
 * try another node) instead of piling thousands of waiting calls onto the node and its
 * leader. Calls forwarded by a member are not counted here: their first node counted them.
 * Put on the client services, inside {@link Forwarding#serverInterceptor}.
 */
public final class ClientCallLimit implements ServerInterceptor {

    /** Four times a benchmark's 256 closed-loop clients; a node's own peers are not clients. */
    public static final int DEFAULT_MAX_CALLS = 1024;

    private final int nodeId;
    private final int maxCalls;
    private final AtomicInteger inFlight = new AtomicInteger();

    public ClientCallLimit(int nodeId, int maxCalls) {
        if (maxCalls < 1) {
            throw new IllegalArgumentException("max calls must be >= 1, was " + maxCalls);
        }
        this.nodeId = nodeId;
        this.maxCalls = maxCalls;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        if (Forwarding.isForwarded()) {
            return next.startCall(call, headers);
        }
        if (inFlight.incrementAndGet() > maxCalls) {
            inFlight.decrementAndGet();
            call.close(Status.UNAVAILABLE.withDescription("node " + nodeId + " is serving "
                    + maxCalls + " client calls, its limit; try again shortly or another node"),
                    WriteOutcome.notProposed());
            return new ServerCall.Listener<>() { };
        }
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(call, headers);
        } catch (RuntimeException | Error e) {
            inFlight.decrementAndGet();
            throw e;
        }
        // Exactly one of onComplete and onCancel ends every started call.
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onComplete() {
                inFlight.decrementAndGet();
                super.onComplete();
            }

            @Override
            public void onCancel() {
                inFlight.decrementAndGet();
                super.onCancel();
            }
        };
    }

    /** Client calls being served now. */
    public int inFlight() {
        return inFlight.get();
    }
}
