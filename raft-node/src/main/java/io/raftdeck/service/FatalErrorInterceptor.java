package io.raftdeck.service;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.raftdeck.node.FatalErrors;
import java.util.function.Consumer;

/**
 * Fail-stops the node when one of its gRPC handlers throws an OutOfMemoryError (or another
 * fatal error, see {@link FatalErrors}). gRPC catches whatever a handler throws, closes that
 * call and logs it, and the server serves on: without this the node would keep running on a
 * JVM that could not finish what it started. The error is rethrown, so gRPC still closes the
 * call as before.
 */
public final class FatalErrorInterceptor implements ServerInterceptor {

    private final Consumer<String> failStop;

    /** @param failStop stops the node with a reason; must not block */
    public FatalErrorInterceptor(Consumer<String> failStop) {
        this.failStop = failStop;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(call, headers);
        } catch (RuntimeException | Error e) {
            stopIfFatal(e, method);
            throw e;
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                try {
                    super.onMessage(message);
                } catch (RuntimeException | Error e) {
                    stopIfFatal(e, method);
            throw e;
                }
            }

            @Override
            public void onHalfClose() {
                try {
                    super.onHalfClose();
                } catch (RuntimeException | Error e) {
                    stopIfFatal(e, method);
            throw e;
                }
            }

            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } catch (RuntimeException | Error e) {
                    stopIfFatal(e, method);
            throw e;
                }
            }

            @Override
            public void onComplete() {
                try {
                    super.onComplete();
                } catch (RuntimeException | Error e) {
                    stopIfFatal(e, method);
            throw e;
                }
            }

            @Override
            public void onReady() {
                try {
                    super.onReady();
                } catch (RuntimeException | Error e) {
                    stopIfFatal(e, method);
            throw e;
                }
            }
        };
    }

    /** Stops the node if {@code error} is fatal; the caller rethrows it either way. */
    private void stopIfFatal(Throwable error, String method) {
        if (FatalErrors.isFatal(error)) {
            failStop.accept(FatalErrors.reason(error, "in the gRPC handler of " + method));
        }
    }
}
