package io.raftdeck.launcher.bench;

import io.grpc.stub.StreamObserver;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.GetResponse;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.proto.v1.WriteResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.ToIntFunction;

/**
 * One closed-loop client: exactly one request in flight, and the next one sent from the
 * completion of the previous one (on the transport's thread), so there is no thread per
 * client or per request. Requests go to the node {@link LeaderRoute} believes leads; an
 * answer naming another leader moves the route there, a failure is counted by kind and sends
 * the next request once a leader is known again.
 *
 * <p>Puts carry a client session (a random client id, a new sequence number per request) like
 * every raftdeck client, so the nodes pay the same exactly-once bookkeeping as in real use. A
 * failed put is not retried with its number: the client gives that request up, which the
 * session rules allow, and the next put takes the next number.
 */
final class ClosedLoopClient {

    /** What becomes of each request; called on the transport's threads. */
    interface Outcomes {
        void succeeded(long invokeNanos, long completeNanos);

        void failed(String kind, long invokeNanos, long completeNanos);

        /** A request the cluster refuses as such (see {@link ErrorKind#endsTheRun}). */
        void refused(String kind);
    }

    private final int index;
    private final Workload workload;
    private final LeaderRoute route;
    private final ClientChannels channels;
    private final long timeoutMs;
    private final long sessionId;
    private final Outcomes outcomes;
    private final BooleanSupplier stopping;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    /** Touched by one request's completion at a time: requests of a client never overlap. */
    private long sequence;

    ClosedLoopClient(int index, Workload workload, LeaderRoute route, ClientChannels channels,
            long timeoutMs, long sessionId, Outcomes outcomes, BooleanSupplier stopping) {
        this.index = index;
        this.workload = workload;
        this.route = route;
        this.channels = channels;
        this.timeoutMs = timeoutMs;
        this.sessionId = sessionId;
        this.outcomes = outcomes;
        this.stopping = stopping;
    }

    void start() {
        route.whenKnown(this::issue);
    }

    /** Completes once the client has stopped: no request of it is in flight any more. */
    CompletableFuture<Void> finished() {
        return finished;
    }

    private void issue() {
        if (stopping.getAsBoolean() || route.isClosed()) {
            finished.complete(null);
            return;
        }
        NodeAddress target = route.leader();
        if (target == null) {
            route.whenKnown(this::issue);
            return;
        }
        ClientServiceGrpc.ClientServiceStub stub = ClientServiceGrpc
                .newStub(channels.channel(target, index))
                .withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS);
        String key = workload.nextKey();
        long invokeNanos = System.nanoTime();
        try {
            if (workload.nextIsPut()) {
                sequence++;
                stub.put(PutRequest.newBuilder().setKey(key).setValue(workload.value())
                        .setSession(SessionRef.newBuilder().setClientId(sessionId)
                                .setSequence(sequence)).build(),
                        new Answer<>(target, invokeNanos, WriteResponse::getLeaderId));
            } else {
                stub.get(GetRequest.newBuilder().setKey(key).build(),
                        new Answer<>(target, invokeNanos, GetResponse::getLeaderId));
            }
        } catch (RuntimeException closedUnderUs) {
            // The channels closed as the run ended (or the call could not start at all).
            finished.complete(null);
        }
    }

    /** The answer to one request: records it, then sends the next. */
    private final class Answer<T> implements StreamObserver<T> {
        private final NodeAddress target;
        private final long invokeNanos;
        private final ToIntFunction<T> leaderOf;
        private int leaderId;

        Answer(NodeAddress target, long invokeNanos, ToIntFunction<T> leaderOf) {
            this.target = target;
            this.invokeNanos = invokeNanos;
            this.leaderOf = leaderOf;
        }

        @Override
        public void onNext(T value) {
            leaderId = leaderOf.applyAsInt(value);
        }

        @Override
        public void onCompleted() {
            outcomes.succeeded(invokeNanos, System.nanoTime());
            route.redirect(target, leaderId);
            issue();
        }

        @Override
        public void onError(Throwable failure) {
            long completeNanos = System.nanoTime();
            String kind = ErrorKind.of(failure);
            if (ErrorKind.endsTheRun(failure)) {
                outcomes.refused(kind);
                finished.complete(null);
                return;
            }
            outcomes.failed(kind, invokeNanos, completeNanos);
            route.lost(target);
            route.whenKnown(ClosedLoopClient.this::issue);
        }
    }
}
