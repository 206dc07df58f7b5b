package io.raftdeck.service;

import java.util.concurrent.CompletableFuture;

/**
 * How one request reaches another node: production sends it over that node's gRPC channel,
 * marked as forwarded and carrying its identity; the simulator over a simulated link. A
 * failure comes as an {@link io.grpc.StatusRuntimeException}: its code and the
 * {@link WriteOutcome} marks tell the router whether the other node answered and whether the
 * write may be in a log.
 *
 * @param <T> the answer
 */
public interface Forwarder<T> {

    /** Whether this node has a way to {@code node} at all (a member it has a channel to). */
    boolean canAddress(int node);

    /** Whether the link to {@code node} is up: a cut link blocks forwarding, as a partition. */
    boolean linkAllows(int node);

    /**
     * Sends the request to {@code node} with a deadline of {@code timeoutMs}. Completing the
     * returned future from outside (the router does, with CANCELLED, when another leader
     * appears) abandons the call.
     */
    CompletableFuture<T> forward(int node, long timeoutMs);
}
