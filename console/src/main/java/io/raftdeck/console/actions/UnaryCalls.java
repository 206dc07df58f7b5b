package io.raftdeck.console.actions;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Adapts a gRPC async unary call to a CompletableFuture, so many calls can run at once. */
final class UnaryCalls {

    private UnaryCalls() {
    }

    static <T> CompletableFuture<T> call(Consumer<StreamObserver<T>> call) {
        CompletableFuture<T> future = new CompletableFuture<>();
        call.accept(new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                future.complete(value);
            }

            @Override
            public void onError(Throwable failure) {
                future.completeExceptionally(failure);
            }

            @Override
            public void onCompleted() {
                future.completeExceptionally(
                        new IllegalStateException("the server answered nothing"));
            }
        });
        return future;
    }
}
