package io.raftdeck.service;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/** Ends a gRPC call with a future's value or with its failure as a status. */
final class Answers {

    private Answers() {
    }

    static <T> void answer(CompletableFuture<T> future, StreamObserver<T> observer) {
        future.whenComplete((value, error) -> {
            if (error == null) {
                observer.onNext(value);
                observer.onCompleted();
            } else {
                observer.onError(LeaderRouting.toStatusException(error));
            }
        });
    }

    /** Runs {@code body}; a StatusRuntimeException it throws (bad input) ends the call. */
    static <T> void guarded(StreamObserver<T> observer, Runnable body) {
        try {
            body.run();
        } catch (io.grpc.StatusRuntimeException e) {
            observer.onError(e);
        }
    }
}
