package io.raftdeck.service;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.raftdeck.node.RaftNode;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.SetLinksRequest;
import io.raftdeck.proto.v1.SetLinksResponse;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.TransferRequest;
import io.raftdeck.proto.v1.TransferResponse;
import io.raftdeck.transport.LinkFilter;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * raftdeck.v1 AdminService. Status is answered from the node's published snapshot, so the
 * dashboard can poll it often without ever waiting on the event loop. Fault controls are
 * refused unless the node was started with faults allowed.
 */
public final class AdminServiceImpl extends AdminServiceGrpc.AdminServiceImplBase {

    private final RaftNode node;
    private final String address;
    private final SortedSet<Integer> members;
    private final LinkFilter links;
    private final boolean faultsAllowed;

    public AdminServiceImpl(RaftNode node, String address, Set<Integer> members,
                            LinkFilter links, boolean faultsAllowed) {
        this.node = node;
        this.address = address;
        this.members = new TreeSet<>(members);
        this.links = links;
        this.faultsAllowed = faultsAllowed;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<NodeStatus> observer) {
        observer.onNext(StatusView.of(node.snapshot(), address, members, faultsAllowed,
                request.getLogTail()));
        observer.onCompleted();
    }

    @Override
    public void setLinks(SetLinksRequest request, StreamObserver<SetLinksResponse> observer) {
        if (!faultsAllowed) {
            observer.onError(Status.PERMISSION_DENIED.withDescription("fault controls are off"
                    + " on node " + node.id() + "; start it with faults allowed")
                    .asRuntimeException());
            return;
        }
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
        observer.onError(Status.UNIMPLEMENTED.withDescription(
                "leadership transfer is not implemented yet").asRuntimeException());
    }
}
