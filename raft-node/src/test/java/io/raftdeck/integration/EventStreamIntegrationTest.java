package io.raftdeck.integration;

import static io.raftdeck.integration.EventWatch.kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.NodeEvent;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.WatchEventsRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WatchEvents on real nodes: three RaftServers in this JVM over real gRPC and real fsync,
 * subscribed to as a remote dashboard would be. Each event kind shows up in a scenario that
 * causes it, with its reason.
 */
class EventStreamIntegrationTest {

    @TempDir
    Path dataRoot;

    private static WriteResponse write(TestCluster cluster, int node, String command) {
        return cluster.client(node).command(CommandRequest.newBuilder()
                .setCommand(ByteString.copyFromUtf8(command)).build());
    }

    private static int other(TestCluster cluster, int... not) {
        return cluster.runningIds().stream()
                .filter(id -> java.util.Arrays.stream(not).noneMatch(n -> n == id))
                .findFirst().orElseThrow();
    }

    @Test
    void eachKindOfEventArrivesWithItsReason() throws Exception {
        // Proves the stream carries sequence, tick, term, kind, fields and text for: client
        // requests received, forwarded and answered; messages sent and received; appends
        // accepted; commits with their acks; and, after the leader is killed, the timer firing, votes granted and the new
        // leader's role change.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            int leader = cluster.awaitLeader();
            int follower = other(cluster, leader);
            int third = other(cluster, leader, follower);
            List<EventWatch> watches = new ArrayList<>();
            try {
                EventWatch onLeader = watch(cluster, leader, watches);
                EventWatch onThird = watch(cluster, third, watches);
                EventWatch onFollower = watch(cluster, follower, watches);

                write(cluster, follower, "through a follower");
                onFollower.await("a forwarded request", kind("client", "forwarded write to"
                        + " leader " + leader));
                onLeader.await("a request answered", kind("client", "answered write: ok"));
                NodeEvent commit = onLeader.await("a commit with its acks",
                        kind("commit", "leader " + leader + " commit"));
                assertTrue(commit.getText().matches(".*\\(acks [0-9,]+\\)"), commit.getText());
                assertTrue(commit.getSequence() > 0 && commit.getTerm() > 0
                        && commit.getWallTimeMs() > 0, commit.toString());
                assertEquals(Integer.toString(leader), commit.getFieldsOrThrow("leader"));
                onFollower.await("an append accepted", kind("append", "accepted"));
                onLeader.await("an append sent", kind("send", leader + "→" + follower
                        + " Append t"));
                onFollower.await("an append received", kind("receive", leader + "→"
                        + follower + " Append t"));

                // The leader dies: the others' timers fire and they elect a new one.
                cluster.kill(leader);
                onThird.await("the timer firing after the leader died",
                        kind("timer", "election timer fired"));
                int newLeader = cluster.awaitLeader();
                EventWatch onNew = newLeader == third ? onThird : onFollower;
                onNew.await("the new leader's role change", kind("role",
                        "node " + newLeader + " is leader of term"));
                EventWatch voter = newLeader == third ? onFollower : onThird;
                voter.await("a vote granted", kind("vote", "granted its vote to node "
                        + newLeader));
            } finally {
                watches.forEach(EventWatch::close);
            }
        }
    }

    @Test
    void aSubscriberThatDoesNotReadLosesEventsCountedWhileTheNodeKeepsCommitting()
            throws Exception {
        // Proves the bound: a caller that requests no messages (gRPC flow control) fills its
        // queue; the node goes on committing, and the caller, once it reads, gets a marker
        // with the number dropped before the events that follow.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            int leader = cluster.awaitLeader();
            List<NodeEvent> received = new CopyOnWriteArrayList<>();
            AtomicReference<ClientCallStreamObserver<WatchEventsRequest>> call =
                    new AtomicReference<>();
            AdminServiceGrpc.newStub(cluster.channel(leader)).watchEvents(
                    WatchEventsRequest.newBuilder().setIncludeMessages(true).build(),
                    new ClientResponseObserver<WatchEventsRequest, NodeEvent>() {
                        @Override
                        public void beforeStart(ClientCallStreamObserver<WatchEventsRequest> c) {
                            call.set(c);
                            c.disableAutoRequestWithInitial(0);
                        }

                        @Override
                        public void onNext(NodeEvent event) {
                            received.add(event);
                        }

                        @Override
                        public void onError(Throwable error) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            try {
                long committedBefore = cluster.admin(leader).status(
                        StatusRequest.getDefaultInstance()).getCommitIndex();
                TestCluster.await("the leader to have events dropped", Duration.ofSeconds(60),
                        () -> {
                            for (int i = 0; i < 20; i++) {
                                write(cluster, leader, "flood " + i);
                            }
                            return cluster.node(leader).events().subscribers() == 1
                                    && droppedOn(cluster, leader);
                        });
                long committedAfter = cluster.admin(leader).status(
                        StatusRequest.getDefaultInstance()).getCommitIndex();
                assertTrue(committedAfter > committedBefore + 20, committedBefore + " → "
                        + committedAfter);
                call.get().request(Integer.MAX_VALUE);
                TestCluster.await("a drop marker", Duration.ofSeconds(20),
                        () -> received.stream().anyMatch(e -> e.getKind().equals("dropped")));
                NodeEvent marker = received.stream().filter(e -> e.getKind().equals("dropped"))
                        .findFirst().orElseThrow();
                assertTrue(marker.getDropped() > 0, marker.toString());
                assertTrue(marker.getText().startsWith(marker.getDropped() + " events of node "
                        + leader + " dropped"), marker.getText());
            } finally {
                call.get().cancel("done", null);
            }
            TestCluster.await("the cancelled subscriber to be removed", Duration.ofSeconds(20),
                    () -> cluster.node(leader).events().subscribers() == 0);
        }
    }

    private static boolean droppedOn(TestCluster cluster, int node) {
        return cluster.node(node).events().droppedTotal() > 0;
    }

    private static EventWatch watch(TestCluster cluster, int node, List<EventWatch> watches) {
        EventWatch watch = new EventWatch(cluster.channel(node), true);
        watches.add(watch);
        TestCluster.await("node " + node + " to have the subscriber", Duration.ofSeconds(20),
                () -> cluster.node(node).events().subscribers() > 0);
        return watch;
    }
}
