package io.raftdeck.console.testing;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.raftdeck.console.NodeTarget;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.CommandRequest;
import io.grpc.stub.ServerCallStreamObserver;
import io.raftdeck.proto.v1.LogEntryView;
import io.raftdeck.proto.v1.NodeEvent;
import io.raftdeck.proto.v1.WatchEventsRequest;
import java.util.Map;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.proto.v1.SetLinksRequest;
import io.raftdeck.proto.v1.SetLinksResponse;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.TransferRequest;
import io.raftdeck.proto.v1.TransferResponse;
import io.raftdeck.proto.v1.WriteResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in node for console tests: a real gRPC server on 127.0.0.1 with a tiny admin and
 * client service. It answers Status with whatever status the test set, records SetLinks and
 * commands (with their sessions), and can be told to stay silent or to refuse.
 */
public final class FakeNode implements AutoCloseable {

    private final Server server;
    private final int id;
    private volatile NodeStatus status;
    private volatile boolean silent;
    private volatile Status setLinksRefusal;
    private volatile Status transferRefusal;
    private volatile Status commandRefusal;
    private final List<List<Integer>> setLinksCalls = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<SessionRef> sessions = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<NodeEvent>> watchers = new CopyOnWriteArrayList<>();
    private long sequence;

    private FakeNode(int id, NodeStatus status, int port) {
        this.id = id;
        this.status = status.toBuilder().setId(id).build();
        Server built = NettyServerBuilder
                .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .addService(new Admin()).addService(new Client()).build();
        try {
            this.server = built.start();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /** Starts a node with {@code status} on a free loopback port. */
    public static FakeNode start(int id, NodeStatus status) {
        return new FakeNode(id, status, 0);
    }

    /** Starts a node on a given port, e.g. to bring one back where it was. */
    public static FakeNode startOn(int id, NodeStatus status, int port) {
        return new FakeNode(id, status, port);
    }

    public NodeTarget target() {
        return new NodeTarget(id, "127.0.0.1", server.getPort());
    }

    public int port() {
        return server.getPort();
    }

    public void setStatus(NodeStatus newStatus) {
        status = newStatus.toBuilder().setId(id).build();
    }

    public NodeStatus status() {
        return status;
    }

    /** While silent, Status requests get no answer at all (the caller's deadline must fire). */
    public void setSilent(boolean beSilent) {
        silent = beSilent;
    }

    public void refuseSetLinks(Status refusal) {
        setLinksRefusal = refusal;
    }

    public void refuseTransfer(Status refusal) {
        transferRefusal = refusal;
    }

    /** Commands are recorded but refused with {@code refusal}; null accepts them again. */
    public void refuseCommands(Status refusal) {
        commandRefusal = refusal;
    }

    public List<List<Integer>> setLinksCalls() {
        return setLinksCalls;
    }

    public List<String> commands() {
        return commands;
    }

    /** The session of every command received, refused ones included, in arrival order. */
    public List<SessionRef> sessions() {
        return sessions;
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Whether a WatchEvents call is open. */
    public boolean watched() {
        return !watchers.isEmpty();
    }

    /** Streams an event, as a real node words it, to every WatchEvents caller. */
    public synchronized void emit(String kind, String text, Map<String, String> fields) {
        NodeEvent event = NodeEvent.newBuilder().setNodeId(id).setSequence(++sequence)
                .setWallTimeMs(System.currentTimeMillis()).setTerm(status.getTerm())
                .setKind(kind).setText(text).putAllFields(fields).build();
        for (StreamObserver<NodeEvent> watcher : watchers) {
            watcher.onNext(event);
        }
    }

    private final class Admin extends AdminServiceGrpc.AdminServiceImplBase {

        @Override
        public void watchEvents(WatchEventsRequest request, StreamObserver<NodeEvent> observer) {
            ((ServerCallStreamObserver<NodeEvent>) observer).setOnCancelHandler(
                    () -> watchers.remove(observer));
            watchers.add(observer);
        }
        @Override
        public void status(StatusRequest request, StreamObserver<NodeStatus> observer) {
            if (silent) {
                return;
            }
            observer.onNext(status);
            observer.onCompleted();
        }

        @Override
        public void setLinks(SetLinksRequest request, StreamObserver<SetLinksResponse> observer) {
            setLinksCalls.add(List.copyOf(request.getCutList()));
            if (setLinksRefusal != null) {
                observer.onError(setLinksRefusal.asRuntimeException());
                return;
            }
            status = status.toBuilder().clearCutLinks().addAllCutLinks(request.getCutList())
                    .build();
            observer.onNext(SetLinksResponse.newBuilder().addAllCut(request.getCutList()).build());
            observer.onCompleted();
        }

        @Override
        public void transferLeadership(TransferRequest request,
                StreamObserver<TransferResponse> observer) {
            if (transferRefusal != null) {
                observer.onError(transferRefusal.asRuntimeException());
                return;
            }
            observer.onNext(TransferResponse.newBuilder().setLeaderId(request.getTo())
                    .setTerm(status.getTerm() + 1).build());
            observer.onCompleted();
        }
    }

    private final class Client extends ClientServiceGrpc.ClientServiceImplBase {
        @Override
        public synchronized void command(CommandRequest request,
                StreamObserver<WriteResponse> observer) {
            String text = request.getCommand().toStringUtf8();
            sessions.add(request.getSession());
            if (commandRefusal != null) {
                observer.onError(commandRefusal.asRuntimeException());
                return;
            }
            commands.add(text);
            long index = status.getLastLogIndex() + 1;
            status = status.toBuilder().setLastLogIndex(index).setCommitIndex(index)
                    .setLastApplied(index).addLogTail(LogEntryView.newBuilder().setIndex(index)
                            .setTerm(status.getTerm()).setCommand(text)).build();
            observer.onNext(WriteResponse.newBuilder().setIndex(index).setTerm(status.getTerm())
                    .setLeaderId(id).build());
            observer.onCompleted();
        }
    }

    /** A status as a node would report it, for tests that need just role and term. */
    public static NodeStatus status(io.raftdeck.proto.v1.Role role, long term, int leaderId) {
        return NodeStatus.newBuilder().setRole(role).setTerm(term).setLeaderId(leaderId)
                .setElectionTimeoutMs(300).setElectionTimeoutLeftMs(200)
                .addAllMembers(List.of(1, 2, 3)).build();
    }
}
