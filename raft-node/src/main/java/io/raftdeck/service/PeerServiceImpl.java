package io.raftdeck.service;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.raftdeck.proto.v1.PeerMessage;
import io.raftdeck.proto.v1.PeerServiceGrpc;
import io.raftdeck.proto.v1.SendAck;
import io.raftdeck.proto.v1.StreamClosed;
import io.raftdeck.transport.IncarnationCheck;
import io.raftdeck.transport.IncarnationGossip;
import io.raftdeck.transport.InvalidPeerMessageException;
import io.raftdeck.transport.PeerMessageReceiver;

/**
 * raftdeck.v1 PeerService: hands each message to the receiver, which checks it and queues it
 * for the node, each only from the member its call was admitted for ({@link IncarnationCheck}).
 * On a stream a bad message is dropped (and logged by the receiver) so that one
 * bad message does not cost the good ones behind it; {@code Send} answers INVALID_ARGUMENT.
 */
public final class PeerServiceImpl extends PeerServiceGrpc.PeerServiceImplBase {

    private final PeerMessageReceiver receiver;
    /** Null when this node records nothing peers tell about incarnations (tests, tools). */
    private final IncarnationGossip gossip;

    public PeerServiceImpl(PeerMessageReceiver receiver) {
        this(receiver, null);
    }

    public PeerServiceImpl(PeerMessageReceiver receiver, IncarnationGossip gossip) {
        this.receiver = receiver;
        this.gossip = gossip;
    }

    /** Hands {@code message} to the node, then records what it tells of incarnations. */
    private void receive(PeerMessage message, Integer sender)
            throws InvalidPeerMessageException {
        receiver.receive(message, sender);
        if (gossip != null) {
            gossip.learnFrom(message);
        }
    }

    @Override
    public StreamObserver<PeerMessage> stream(StreamObserver<StreamClosed> observer) {
        Integer sender = IncarnationCheck.SENDER.get();
        return new StreamObserver<>() {
            @Override
            public void onNext(PeerMessage message) {
                try {
                    receive(message, sender);
                } catch (InvalidPeerMessageException e) {
                    // Already logged, rate-limited, by the receiver.
                }
            }

            @Override
            public void onError(Throwable error) {
                // The sender went away; it reopens the stream when it can.
            }

            @Override
            public void onCompleted() {
                observer.onNext(StreamClosed.getDefaultInstance());
                observer.onCompleted();
            }
        };
    }

    @Override
    public void send(PeerMessage message, StreamObserver<SendAck> observer) {
        try {
            receive(message, IncarnationCheck.SENDER.get());
            observer.onNext(SendAck.getDefaultInstance());
            observer.onCompleted();
        } catch (InvalidPeerMessageException e) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage())
                    .asRuntimeException());
        }
    }
}
