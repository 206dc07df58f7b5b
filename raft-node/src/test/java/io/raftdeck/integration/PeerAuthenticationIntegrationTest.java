package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import io.raftdeck.core.RaftStatus;
import io.raftdeck.proto.seed.LogEntry;
import io.raftdeck.proto.v1.AppendRequest;
import io.raftdeck.proto.v1.Entry;
import io.raftdeck.proto.v1.EntryType;
import io.raftdeck.proto.v1.PeerMessage;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.WriteResponse;
import io.raftdeck.transport.PeerSecret;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers of a cluster with a shared secret (issue 12, item 1): its members elect and replicate
 * as before, and a stranger who reaches a node's port cannot take part. The forged append
 * that made a follower apply an entry no leader wrote (claimed to come from the leader, in its
 * term, right after the follower's last entry, with a commit index past it) is refused
 * UNAUTHENTICATED and changes nothing; without a secret the same call is taken.
 */
class PeerAuthenticationIntegrationTest {

    private static final PeerSecret SECRET = PeerSecret.of("c0ffee-0123456789abcdef-peers");

    @TempDir
    Path dataRoot;

    @Test
    void aStrangersForgedAppendIsRefusedAndChangesNothing() throws Exception {
        // Proves peer calls without the cluster's secret, or with another, never reach Raft.
        try (TestCluster cluster = TestCluster.start(3, dataRoot,
                config -> config.withPeerSecret(SECRET))) {
            int leader = cluster.awaitLeader();
            WriteResponse put = cluster.client(leader).put(PutRequest.newBuilder().setKey("k")
                    .setValue(ByteString.copyFromUtf8("v")).build());
            List<LogEntry> before = cluster.awaitIdenticalLogs(put.getIndex(),
                    TestCluster.DEFAULT_WAIT);
            int follower = cluster.ids().stream().filter(id -> id != leader).findFirst()
                    .orElseThrow();
            // Identical logs do not mean the follower heard the commit yet: the next heartbeat
            // would move its commit index during the check below.
            TestCluster.await("node " + follower + " to learn the commit", TestCluster.DEFAULT_WAIT,
                    () -> cluster.node(follower).snapshot().raft().commitIndex()
                            >= put.getIndex());
            RaftStatus status = cluster.node(follower).snapshot().raft();

            byte[] forged = forgedAppend(leader, follower, status).toByteArray();
            for (Channel stranger : List.of(cluster.channel(follower),
                    showing(cluster.channel(follower), "not-the-secret-0123456789"))) {
                Status refused = RawCalls.call(stranger, "raftdeck.v1.PeerService/Send", forged);
                assertEquals(Status.Code.UNAUTHENTICATED, refused.getCode(), refused::toString);
            }

            RaftStatus after = cluster.node(follower).snapshot().raft();
            assertEquals(status.commitIndex(), after.commitIndex(), "nothing committed");
            assertEquals(status.lastLogIndex(), after.lastLogIndex(), "nothing appended");
            assertEquals(before, cluster.awaitIdenticalLogs(put.getIndex(),
                    TestCluster.DEFAULT_WAIT));
            // The members still talk: a write commits on all three.
            long next = cluster.client(follower).put(PutRequest.newBuilder().setKey("k")
                    .setValue(ByteString.copyFromUtf8("w")).build()).getIndex();
            cluster.awaitIdenticalLogs(next, TestCluster.DEFAULT_WAIT);
        }
    }

    @Test
    void aForwardingClaimWithoutTheSecretIsServedAsAClientsRequest() throws Exception {
        // Proves a stranger's "forwarded by" header is ignored: the follower forwards as usual
        // instead of answering "not the leader" to a forged forward.
        try (TestCluster cluster = TestCluster.start(3, dataRoot,
                config -> config.withPeerSecret(SECRET))) {
            int leader = cluster.awaitLeader();
            int follower = cluster.ids().stream().filter(id -> id != leader).findFirst()
                    .orElseThrow();
            Metadata claim = new Metadata();
            claim.put(Metadata.Key.of("raftdeck-forwarded-by", Metadata.ASCII_STRING_MARSHALLER),
                    String.valueOf(leader));
            Channel forging = ClientInterceptors.intercept(cluster.channel(follower),
                    MetadataUtils.newAttachHeadersInterceptor(claim));
            WriteResponse answered = io.raftdeck.proto.v1.ClientServiceGrpc
                    .newBlockingStub(forging).put(PutRequest.newBuilder().setKey("f")
                            .setValue(ByteString.copyFromUtf8("x")).build());
            assertEquals(leader, answered.getLeaderId());
        }
    }

    /** The forgery: from the leader, its term, after the follower's last entry. */
    static PeerMessage forgedAppend(int leader, int follower, RaftStatus status) {
        return PeerMessage.newBuilder().setFrom(leader).setTo(follower).setTerm(status.term())
                .setAppendRequest(AppendRequest.newBuilder()
                        .setPrevLogIndex(status.lastLogIndex())
                        .setPrevLogTerm(status.lastLogTerm())
                        .addEntries(Entry.newBuilder().setIndex(status.lastLogIndex() + 1)
                                .setTerm(status.term()).setType(EntryType.ENTRY_TYPE_COMMAND)
                                .setData(ByteString.copyFromUtf8("forged")))
                        .setLeaderCommit(status.lastLogIndex() + 1))
                .build();
    }

    private static Channel showing(Channel channel, String secret) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("raftdeck-peer-secret", Metadata.ASCII_STRING_MARSHALLER),
                secret);
        return ClientInterceptors.intercept(channel,
                MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @Test
    void withoutASecretTheForgedAppendIsTaken() throws Exception {
        // Shows what the secret is for: with none configured, the same forgery is applied.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            int leader = cluster.awaitLeader();
            int follower = cluster.ids().stream().filter(id -> id != leader).findFirst()
                    .orElseThrow();
            RaftStatus status = cluster.node(follower).snapshot().raft();
            Status taken = RawCalls.call(cluster.channel(follower),
                    "raftdeck.v1.PeerService/Send", forgedAppend(leader, follower, status)
                            .toByteArray());
            assertEquals(Status.Code.OK, taken.getCode(), taken::toString);
            TestCluster.await("the forged entry to be appended", TestCluster.DEFAULT_WAIT,
                    () -> cluster.node(follower).snapshot().raft().lastLogIndex()
                            > status.lastLogIndex());
            assertTrue(cluster.node(follower).snapshot().raft().lastLogIndex()
                    > status.lastLogIndex());
        }
    }
}
