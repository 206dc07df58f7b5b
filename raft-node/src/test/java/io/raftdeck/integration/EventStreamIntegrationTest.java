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
import io.raftdeck.proto.v1.SetLinksRequest;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.WatchEventsRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
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
        // accepted; commits with their acks; a pre-vote refused because the voter heard the
        // leader within its lease; and, after the leader is killed, the timer firing, votes granted and the new
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

                // The leader stops sending to the follower (its link cut on the leader's side
                // only): the follower times out and asks the third node for a pre-vote, which
                // it refuses, still hearing the leader.
                cluster.admin(leader).setLinks(SetLinksRequest.newBuilder().addCut(follower)
                        .build());
                NodeEvent lease = onThird.await("a pre-vote refused within the lease",
                        kind("vote", "refused pre-vote of node " + follower));
                assertEquals("node " + third + " refused pre-vote of node " + follower
                        + " in term " + (lease.getTerm() + 1) + ": leader " + leader
                        + " heard within the lease", lease.getText());
                assertEquals("leader_lease", lease.getFieldsOrThrow("reason"));
                onFollower.await("the follower's timer firing", kind("timer",
                        "node " + follower + " election timer fired"));
                onLeader.await("an append sent on the cut link, marked lost", kind("send",
                        leader + "→" + follower + " Append t").and(event -> event.getText()
                        .endsWith("(lost: the link is cut)")));
                cluster.admin(leader).setLinks(SetLinksRequest.getDefaultInstance());

                // The leader dies (whoever leads now: the cut may have moved leadership):
                // the others' timers fire and they elect a new one.
                int current = cluster.awaitLeader();
                Map<Integer, EventWatch> byNode = Map.of(leader, onLeader, follower, onFollower,
                        third, onThird);
                List<Integer> survivors = cluster.runningIds().stream()
                        .filter(id -> id != current).toList();
                survivors.forEach(id -> byNode.get(id).events.clear());
                cluster.kill(current);
                int newLeader = cluster.awaitLeader();
                int voter = survivors.stream().filter(id -> id != newLeader).findFirst()
                        .orElseThrow();
                byNode.get(newLeader).await("the timer firing after the leader died",
                        kind("timer", "node " + newLeader + " election timer fired"));
                byNode.get(newLeader).await("the new leader's role change", kind("role",
                        "node " + newLeader + " is leader of term"));
                byNode.get(voter).await("a vote granted", kind("vote", "node " + voter
                        + " granted its vote to node " + newLeader));
            } finally {
                watches.forEach(EventWatch::close);
            }
        }
    }

    @Test
    void aFollowerRestartedOnAnOlderCopyOfItsDataRejectsTheAppendPastItsLog()
            throws Exception {
        // Proves the rejection and its hint on real nodes: the follower comes back with a log
        // shorter than the leader knows it held (its data dir replaced by a copy taken before
        // the last writes, as a disk that lost synced writes would leave it), so the leader's
        // next append starts past its log and the follower says where its log ends.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            int leader = cluster.awaitLeader();
            int follower = other(cluster, leader);
            Path data = cluster.config(follower).dataDir();
            Path copy = dataRoot.resolve("older-copy");
            cluster.kill(follower);
            copyTree(data, copy);
            cluster.restart(follower);
            WriteResponse last = null;
            for (int i = 0; i < 5; i++) {
                last = write(cluster, leader, "only in the newer copy " + i);
            }
            long lastIndex = last.getIndex();
            TestCluster.await("the follower to hold the writes", Duration.ofSeconds(20),
                    () -> cluster.admin(follower).status(StatusRequest.getDefaultInstance())
                            .getLastLogIndex() >= lastIndex);
            cluster.kill(follower);
            deleteTree(data);
            copyTree(copy, data);
            List<EventWatch> watches = new ArrayList<>();
            try {
                // The leader's link to it stays cut until the subscription is open, so the
                // rejection cannot come before anyone listens.
                cluster.admin(leader).setLinks(SetLinksRequest.newBuilder().addCut(follower)
                        .build());
                cluster.restart(follower);
                EventWatch onFollower = watch(cluster, follower, watches);
                cluster.admin(leader).setLinks(SetLinksRequest.getDefaultInstance());
                NodeEvent rejected = onFollower.await("an append rejected",
                        kind("append", "rejected append from " + leader));
                assertTrue(rejected.getText().contains(": our log ends at "), rejected.getText());
                assertEquals("log_shorter", rejected.getFieldsOrThrow("reason"));
                onFollower.await("the follower catching up", kind("append", "accepted"));
            } finally {
                watches.forEach(EventWatch::close);
            }
        }
    }

    @Test
    void aFollowerThatMissedCompactedEntriesIsSentTheSnapshotAndInstallsIt() throws Exception {
        // Proves the snapshot events: with compaction every 20 entries, a follower that was
        // down for 60 writes needs entries the leader no longer holds; the leader says it sent
        // its snapshot and why, the follower that it installed it.
        try (TestCluster cluster = TestCluster.start(3, dataRoot,
                config -> config.withCompaction(20, 64 << 10))) {
            int leader = cluster.awaitLeader();
            int follower = other(cluster, leader);
            cluster.kill(follower);
            for (int i = 0; i < 60; i++) {
                write(cluster, leader, "compacted away " + i);
            }
            List<EventWatch> watches = new ArrayList<>();
            try {
                EventWatch onLeader = watch(cluster, leader, watches);
                cluster.admin(leader).setLinks(SetLinksRequest.newBuilder().addCut(follower)
                        .build());
                cluster.restart(follower);
                EventWatch onFollower = watch(cluster, follower, watches);
                cluster.admin(leader).setLinks(SetLinksRequest.getDefaultInstance());
                NodeEvent sent = onLeader.await("the snapshot sent", kind("snapshot",
                        "leader " + leader + " sent node " + follower + " snapshot at "));
                assertTrue(sent.getText().endsWith("it needs entries compacted away"),
                        sent.getText());
                onFollower.await("the snapshot installed", kind("snapshot", "node " + follower
                        + " installed leader " + leader + "'s snapshot at "));
            } finally {
                watches.forEach(EventWatch::close);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
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
