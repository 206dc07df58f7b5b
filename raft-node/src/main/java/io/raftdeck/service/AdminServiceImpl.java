package io.raftdeck.service;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.raftdeck.events.EventHub;
import io.raftdeck.events.EventSubscription;
import io.raftdeck.proto.v1.NodeEvent;
import io.raftdeck.proto.v1.WatchEventsRequest;
import io.raftdeck.node.NodeSnapshot;
import io.raftdeck.node.RaftNode;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.SaveSnapshotRequest;
import io.raftdeck.proto.v1.SnapshotChunk;
import io.raftdeck.proto.v1.SetLinksRequest;
import io.raftdeck.proto.v1.SetLinksResponse;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.TransferRequest;
import io.raftdeck.proto.v1.TransferResponse;
import io.grpc.StatusRuntimeException;
import io.raftdeck.node.ProposalException;
import io.raftdeck.storage.Incarnation;
import io.raftdeck.transport.IdentityRefusals;
import io.raftdeck.transport.LinkFilter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * raftdeck.v1 AdminService. Status is answered from the node's published snapshot, so the
 * dashboard can poll it often without ever waiting on the event loop. Who may make which call
 * (the controls that change the cluster need --allow-faults, transfer and backups an admin) is
 * decided before a call gets here, by {@code access.AdminAccess} and its table.
 */
public final class AdminServiceImpl extends AdminServiceGrpc.AdminServiceImplBase {

    /** The read-index round before a snapshot reads some key; which one does not matter. */
    private static final String SNAPSHOT_READ_KEY = "";

    private final RaftNode node;
    private final String address;
    private final SortedSet<Integer> members;
    private final LinkFilter links;
    private final boolean faultsAllowed;
    private final long electionTimeoutMaxMs;
    private final Incarnation incarnation;
    private final IdentityRefusals refusals;
    private final LongSupplier jvmPauses;

    /**
     * @param incarnation this node's, for status
     * @param refusals    the peers refused either way, for status
     * @param jvmPauses   the JVM pauses longer than a heartbeat seen so far, for status
     */
    public AdminServiceImpl(RaftNode node, String address, Set<Integer> members,
                            LinkFilter links, boolean faultsAllowed, long electionTimeoutMaxMs,
                            Incarnation incarnation, IdentityRefusals refusals,
                            LongSupplier jvmPauses) {
        this.jvmPauses = jvmPauses;
        this.electionTimeoutMaxMs = electionTimeoutMaxMs;
        this.incarnation = incarnation;
        this.refusals = refusals;
        this.node = node;
        this.address = address;
        this.members = new TreeSet<>(members);
        this.links = links;
        this.faultsAllowed = faultsAllowed;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<NodeStatus> observer) {
        NodeSnapshot snapshot = node.snapshot();
        String failure = node.failure().orElse(snapshot.failure());
        NodeStatus status = StatusView.of(snapshot, failure, address, members, faultsAllowed,
                incarnation, refusals, request.getLogTail());
        observer.onNext(StatusView.withSignals(status, node.counters().fsyncs(),
                jvmPauses.getAsLong()));
        observer.onCompleted();
    }

    @Override
    public void setLinks(SetLinksRequest request, StreamObserver<SetLinksResponse> observer) {
        for (int peer : request.getCutList()) {
            if (!members.contains(peer) || peer == node.id()) {
                observer.onError(CommandLimits.invalid("cannot cut the link to " + peer
                        + ": not a peer of node " + node.id() + " (members " + members + ")"));
                return;
            }
        }
        links.setCut(request.getCutList());
        observer.onNext(SetLinksResponse.newBuilder().addAllCut(links.cut()).build());
        observer.onCompleted();
    }

    @Override
    public void transferLeadership(TransferRequest request,
                                   StreamObserver<TransferResponse> observer) {
        int target = request.getTo();
        if (!members.contains(target)) {
            observer.onError(CommandLimits.invalid("cannot transfer leadership to " + target
                    + ": not a member (members " + members + ")"));
            return;
        }
        // A transfer completes within an election timeout or is abandoned by the core; the
        // extra timeout covers an old leader that has not yet heard who leads now.
        long timeoutMs = 2L * electionTimeoutMaxMs + 500;
        node.transferLeadership(target).orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .whenComplete((outcome, error) -> {
                    if (error == null) {
                        observer.onNext(TransferResponse.newBuilder()
                                .setLeaderId(outcome.leaderId()).setTerm(outcome.term()).build());
                        observer.onCompleted();
                    } else {
                        observer.onError(transferFailure(target, error));
                    }
                });
    }

    /**
     * A backup of the leader's state: a read-index round first confirms this node still leads
     * and lets it apply every write acknowledged before the call; the loop then takes the
     * snapshot at its applied index. Not behind --allow-faults: backups are for production;
     * but for admins only ({@code access.AdminRules}).
     */
    @Override
    public void saveSnapshot(SaveSnapshotRequest request,
                             StreamObserver<SnapshotChunk> observer) {
        SnapshotChunks chunks = SnapshotChunks.attach(observer);
        node.read(SNAPSHOT_READ_KEY).thenCompose(confirmed -> node.takeSnapshot())
                .whenComplete((snapshot, error) -> {
                    if (error == null) {
                        chunks.send(snapshot);
                    } else {
                        chunks.fail(LeaderRouting.toStatusException(error));
                    }
                });
    }

    /**
     * Streams the node's events to the caller until it cancels or the node stops. Open like
     * Status: it only reports. A caller that reads too slowly loses events, and is told.
     */
    @Override
    public void watchEvents(WatchEventsRequest request, StreamObserver<NodeEvent> observer) {
        EventSubscription subscription = node.events().subscribe(EventHub.QUEUE_CAPACITY,
                request.getIncludeMessages());
        if (subscription == null) {
            observer.onError(Status.RESOURCE_EXHAUSTED.withDescription("node " + node.id()
                    + " already streams events to " + EventHub.MAX_SUBSCRIBERS
                    + " callers (or has stopped)").asRuntimeException());
            return;
        }
        EventStream.start(subscription, (ServerCallStreamObserver<NodeEvent>) observer,
                node.id());
    }

    private StatusRuntimeException transferFailure(int target, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            return Status.DEADLINE_EXCEEDED.withDescription("transfer to node " + target
                    + " did not complete in time").asRuntimeException();
        }
        if (cause instanceof ProposalException proposal
                && proposal.reason() == ProposalException.Reason.NOT_LEADER) {
            // UNAVAILABLE, as for client requests: ask again wherever the leader is now.
            return Status.UNAVAILABLE.withDescription(proposal.getMessage()
                    + "; send the transfer to the leader").asRuntimeException();
        }
        if (cause instanceof IllegalStateException || cause instanceof IllegalArgumentException) {
            return Status.FAILED_PRECONDITION.withDescription(cause.getMessage())
                    .asRuntimeException();
        }
        return LeaderRouting.toStatusException(cause);
    }
}
