package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.proto.seed.LogEntry;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.proto.v1.WriteResponse;
import io.raftdeck.statemachine.ClientSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once writes over real gRPC: retries of a session's request apply once. */
class SessionIntegrationTest {

    private static final long CLIENT = 0x5e55_1011L;

    @TempDir
    Path dataRoot;

    private static PutRequest put(String key, String value, long sequence) {
        return PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value))
                .setSession(session(sequence)).build();
    }

    private static SessionRef session(long sequence) {
        return SessionRef.newBuilder().setClientId(CLIENT).setSequence(sequence).build();
    }

    private static int aFollower(TestCluster cluster, int leader) {
        return cluster.runningIds().stream().filter(id -> id != leader).findFirst().orElseThrow();
    }

    private static String get(TestCluster cluster, int node, String key) {
        return cluster.client(node).get(GetRequest.newBuilder().setKey(key).build())
                .getValue().toStringUtf8();
    }

    @Test
    void resentPutAppliesOnceAndAnswersWithItsFirstIndex() throws Exception {
        // Proves a request resent to the leader and to a follower keeps v2, gets its first
        // answer, and is not appended again.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            int leader = cluster.awaitLeader();
            int follower = aFollower(cluster, leader);
            WriteResponse first = cluster.client(leader).put(put("k", "v1", 1));
            WriteResponse second = cluster.client(leader).put(put("k", "v2", 2));
            WriteResponse resentToLeader = cluster.client(leader).put(put("k", "v1", 1));
            WriteResponse resentToFollower = cluster.client(follower).put(put("k", "v1", 1));

            assertEquals(first.getIndex(), resentToLeader.getIndex());
            assertEquals(first.getTerm(), resentToLeader.getTerm());
            assertEquals(first.getExisted(), resentToLeader.getExisted());
            assertEquals(first.getIndex(), resentToFollower.getIndex());
            assertEquals(first.getTerm(), resentToFollower.getTerm());
            assertEquals("v2", get(cluster, follower, "k"));

            // The leader's retry cache answered the resends: the log holds the request once.
            List<LogEntry> log = cluster.awaitIdenticalLogs(second.getIndex(),
                    TestCluster.DEFAULT_WAIT);
            String stamped = "set k=v1 [client " + Long.toHexString(CLIENT) + " #1]";
            assertEquals(1, log.stream().filter(e -> e.getCommand().equals(stamped)).count(),
                    () -> "log: " + log);
            assertEquals(second.getIndex(), log.size(), () -> "nothing after v2: " + log);
        }
    }

    @Test
    void concurrentCopiesOfOneRequestToEveryNodeApplyOnce() throws Exception {
        // Proves copies racing through every node all get the one answer of the one application.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            cluster.awaitLeader();
            CommandRequest request = CommandRequest.newBuilder()
                    .setCommand(ByteString.copyFromUtf8("deploy v7")).setSession(session(1))
                    .build();
            List<ListenableFuture<WriteResponse>> answers = new ArrayList<>();
            for (int copy = 0; copy < 3; copy++) {
                for (int id : cluster.ids()) {
                    answers.add(ClientServiceGrpc.newFutureStub(cluster.channel(id))
                            .withDeadlineAfter(TestCluster.DEFAULT_WAIT.toMillis(),
                                    TimeUnit.MILLISECONDS)
                            .command(request));
                }
            }
            long firstIndex = answers.get(0).get().getIndex();
            for (ListenableFuture<WriteResponse> answer : answers) {
                assertEquals(firstIndex, answer.get().getIndex());
            }
            List<LogEntry> log = cluster.awaitIdenticalLogs(firstIndex,
                    TestCluster.DEFAULT_WAIT);
            assertTrue(log.get((int) firstIndex - 1).getCommand().startsWith("deploy v7 ["),
                    () -> "the first copy in the log is the one that applied: " + log);
            assertTrue(log.subList(0, (int) firstIndex - 1).stream()
                    .noneMatch(e -> e.getCommand().startsWith("deploy v7")));
        }
    }

    @Test
    void supersededAndExpiredRequestsAreRefusedWithAReason() throws Exception {
        // Proves too-old and unknown-session requests fail FAILED_PRECONDITION and change nothing.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            int leader = cluster.awaitLeader();
            int follower = aFollower(cluster, leader);
            long last = ClientSessions.RESULTS_PER_SESSION + 1;
            for (long sequence = 1; sequence <= last; sequence++) {
                cluster.client(leader).put(put("k", "v" + sequence, sequence));
            }
            StatusRuntimeException superseded = assertThrows(StatusRuntimeException.class,
                    () -> cluster.client(follower).put(put("k", "old", 1)));
            assertEquals(Status.Code.FAILED_PRECONDITION, superseded.getStatus().getCode());
            assertTrue(superseded.getStatus().getDescription()
                    .startsWith("sequence 1 already superseded"), superseded::toString);

            PutRequest stranger = put("k", "stranger", last + 1).toBuilder()
                    .setSession(SessionRef.newBuilder().setClientId(77).setSequence(last))
                    .build();
            StatusRuntimeException expired = assertThrows(StatusRuntimeException.class,
                    () -> cluster.client(leader).put(stranger));
            assertEquals(Status.Code.FAILED_PRECONDITION, expired.getStatus().getCode());
            assertTrue(expired.getStatus().getDescription().contains("expired"));
            assertEquals("v" + last, get(cluster, leader, "k"));
        }
    }

    @Test
    void sessionWithoutASequenceIsBadInput() throws Exception {
        // Proves a session with sequence 0 is refused up front as INVALID_ARGUMENT.
        try (TestCluster cluster = TestCluster.start(3, dataRoot)) {
            int leader = cluster.awaitLeader();
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> cluster.client(leader).put(put("k", "v", 0)));
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
            assertTrue(refused.getStatus().getDescription().contains("sequence"));
        }
    }
}
