package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.proto.seed.LogEntry;
import io.raftdeck.proto.v1.CasRequest;
import io.raftdeck.proto.v1.CasResponse;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.SessionRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compare-and-set over real gRPC: forwarded from followers, atomic under races. */
class CasIntegrationTest {

    @TempDir
    Path dataRoot;

    private static CasRequest cas(String key, String expected, String value) {
        CasRequest.Builder request = CasRequest.newBuilder().setKey(key)
                .setValue(ByteString.copyFromUtf8(value));
        return expected == null ? request.setExpectAbsent(true).build()
                : request.setExpected(ByteString.copyFromUtf8(expected)).build();
    }

    private static String get(TestCluster cluster, int node, String key) {
        return cluster.client(node).get(GetRequest.newBuilder().setKey(key).build())
                .getValue().toStringUtf8();
    }

    @Test
    void casThroughAFollowerSwapsOrReportsTheCurrentValue() throws Exception {
        // Proves a follower forwards cas; a match swaps, a mismatch answers the current value.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            int leader = cluster.awaitLeader();
            int follower = cluster.runningIds().stream().filter(id -> id != leader)
                    .findFirst().orElseThrow();
            CasResponse created = cluster.client(follower).cas(cas("k", null, "a"));
            assertTrue(created.getSwapped());
            assertEquals(leader, created.getLeaderId());
            CasResponse missed = cluster.client(follower).cas(cas("k", "zzz", "b"));
            assertFalse(missed.getSwapped());
            assertTrue(missed.getFound());
            assertEquals("a", missed.getCurrent().toStringUtf8());
            CasResponse swapped = cluster.client(follower).cas(cas("k", "a", "b"));
            assertTrue(swapped.getSwapped());
            assertTrue(swapped.getIndex() > created.getIndex());
            assertEquals("b", get(cluster, follower, "k"));
            List<LogEntry> log = cluster.awaitIdenticalLogs(swapped.getIndex(),
                    TestCluster.DEFAULT_WAIT);
            assertEquals("cas k: a -> b", log.get((int) swapped.getIndex() - 1).getCommand());
        }
    }

    @Test
    void concurrentCasFromOneExpectedValueSwapsExactlyOnce() throws Exception {
        // Proves racing cas requests from the same expected value through every node: one wins.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            int leader = cluster.awaitLeader();
            cluster.client(leader).put(PutRequest.newBuilder().setKey("k")
                    .setValue(ByteString.copyFromUtf8("start")).build());
            List<ListenableFuture<CasResponse>> answers = new ArrayList<>();
            for (int attempt = 0; attempt < 4; attempt++) {
                for (int id : cluster.ids()) {
                    answers.add(ClientServiceGrpc.newFutureStub(cluster.channel(id))
                            .withDeadlineAfter(TestCluster.DEFAULT_WAIT.toMillis(),
                                    TimeUnit.MILLISECONDS)
                            .cas(cas("k", "start", "n" + id + "-" + attempt)));
                }
            }
            List<String> winners = new ArrayList<>();
            for (ListenableFuture<CasResponse> answer : answers) {
                CasResponse response = answer.get();
                if (response.getSwapped()) {
                    winners.add("won at " + response.getIndex());
                } else {
                    assertFalse(response.getCurrent().toStringUtf8().equals("start"));
                }
            }
            assertEquals(1, winners.size(), () -> "winners: " + winners);
            assertTrue(get(cluster, leader, "k").startsWith("n"));
        }
    }

    @Test
    void badCasIsRefusedWithAOneLineReason() throws Exception {
        // Proves an empty key and a session without a sequence are INVALID_ARGUMENT.
        try (TestCluster cluster = TestCluster.start(1, dataRoot)) {
            int leader = cluster.awaitLeader();
            StatusRuntimeException emptyKey = assertThrows(StatusRuntimeException.class,
                    () -> cluster.client(leader).cas(cas("", "a", "b")));
            assertEquals(Status.Code.INVALID_ARGUMENT, emptyKey.getStatus().getCode());
            CasRequest noSequence = cas("k", null, "b").toBuilder()
                    .setSession(SessionRef.newBuilder().setClientId(5)).build();
            StatusRuntimeException badSession = assertThrows(StatusRuntimeException.class,
                    () -> cluster.client(leader).cas(noSequence));
            assertEquals(Status.Code.INVALID_ARGUMENT, badSession.getStatus().getCode());
        }
    }
}
