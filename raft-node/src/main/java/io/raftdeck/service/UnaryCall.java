package io.raftdeck.service;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** The answer of one asynchronous unary gRPC call, as a future. */
final class UnaryCall<T> implements StreamObserver<T> {

    final CompletableFuture<T> result = new CompletableFuture<>();

    @Override
    public void onNext(T value) {
        result.complete(value);
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onCompleted() {
        result.completeExceptionally(Status.INTERNAL
                .withDescription("the leader closed the call without an answer")
                .asRuntimeException());
    }
}
