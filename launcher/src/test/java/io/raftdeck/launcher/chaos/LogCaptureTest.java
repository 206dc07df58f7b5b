package io.raftdeck.launcher.chaos;

import io.grpc.InsecureChannelCredentials;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.integration.TestCluster;
import io.raftdeck.launcher.localcluster.NodeRunner;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import io.raftdeck.node.RaftServer;
import io.raftdeck.proto.seed.ClientRequestMessage;
import io.raftdeck.proto.seed.ClientResponseMessage;
import io.raftdeck.proto.seed.RaftServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log capture on three nodes in this JVM that compact their logs every few entries. */
class LogCaptureTest {

    /**
     * Small, so that a few hundred commands make every node compact many times, and different
     * per node: a node drops the entry at its snapshot index in the same turn that applies it,
     * so where every node compacts at once no read can ever see that entry as committed.
     */
    private static final List<Integer> SNAPSHOT_THRESHOLDS = List.of(20, 31, 47);
    private static final int COMMANDS = 200;
    private static final long DEADLINE_MS = 30_000;

    @TempDir
    Path directory;

    private List<RaftServer> servers = List.of();

    @AfterEach
    void stop() {
        NodeRunner.closeAll(servers);
    }

    @Test
    void readsBetweenCompactionsSeeEveryCommittedIndexAtItsAnsweredPlace() throws Exception {
        // Proves the capture keeps what compaction deletes: reading every node after every
        // second command, the merged log has every committed index, each command where its
        // answer said, and no conflict, though every node dropped most of its log.
        SortedMap<Integer, NodeAddress> members = start(3);
        try (LogCapture capture = new LogCapture(members, InsecureChannelCredentials.create());
                ClusterClient client = new ClusterClient(List.copyOf(members.values()), 5_000)) {
            Map<String, Long> answered = new TreeMap<>();
            for (int n = 1; n <= COMMANDS; n++) {
                String command = "a1-" + n;
                ClientResponseMessage answer = client.call("append", (channel, deadline) ->
                        RaftServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                                .clientRequest(ClientRequestMessage.newBuilder()
                                        .setCommand(command).build()));
                assertTrue(answer.getSuccess(), answer.getMessage());
                answered.put(command, AppendClient.answeredIndex(answer.getMessage()));
                if (n % 2 == 0) {
                    capture.readEach();
                }
            }
            long commitIndex = awaitSameCommitIndex(members);
            capture.readEach();
            SortedMap<Long, String> seen = capture.log().commands();
            assertEquals(commitIndex, capture.log().highestIndex());
            assertEquals(commitIndex, seen.size(), "every index 1.." + commitIndex + " seen");
            answered.forEach((command, index) -> assertEquals(command, seen.get(index)));
            LogCapture.Summary summary = capture.summary();
            assertEquals(0, summary.conflictCount());
            assertEquals(0, summary.missed(), summary.toString());
            assertTrue(statusOf(members).values().stream()
                    .allMatch(status -> status.getFirstLogIndex() > 1), "the nodes compacted");
        }
    }

    @Test
    void aLogTooLargeForOneMessageIsAMissedReadNotAFailure() throws Exception {
        // Proves RESOURCE_EXHAUSTED is handled: with a tiny inbound limit every GetLog is too
        // large, and each read is counted as missed while the capture goes on.
        SortedMap<Integer, NodeAddress> members = start(1);
        try (LogCapture capture = new LogCapture(members, 16, InsecureChannelCredentials.create());
                ClusterClient client = new ClusterClient(List.copyOf(members.values()), 5_000)) {
            client.call("append", (channel, deadline) -> RaftServiceGrpc.newBlockingStub(channel)
                    .withDeadline(deadline).clientRequest(ClientRequestMessage.newBuilder()
                            .setCommand("a1-1").build()));
            capture.readEach();
            capture.readEach();
            assertEquals(2, capture.summary().reads());
            assertEquals(2, capture.summary().missed());
            assertEquals(0, capture.log().size());
        }
    }

    private SortedMap<Integer, NodeAddress> start(int count) throws Exception {
        List<Integer> ports = TestCluster.freePorts(count);
        SortedMap<Integer, NodeAddress> members = new TreeMap<>();
        for (int id = 1; id <= count; id++) {
            members.put(id, new NodeAddress("127.0.0.1", ports.get(id - 1)));
        }
        List<NodeConfig> configs = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            configs.add(NodeConfig.of(id, members, directory.resolve("node-" + id))
                    .withCompaction(SNAPSHOT_THRESHOLDS.get(id - 1),
                            NodeConfig.DEFAULT_WAL_SEGMENT_BYTES));
        }
        servers = NodeRunner.startAll(configs);
        return members;
    }

    /** Waits until every node has committed the same index; returns it. */
    private static long awaitSameCommitIndex(SortedMap<Integer, NodeAddress> members)
            throws InterruptedException {
        long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (System.nanoTime() - deadlineNanos < 0) {
            List<Long> commits = statusOf(members).values().stream()
                    .map(status -> status == null ? -1 : status.getCommitIndex()).distinct()
                    .toList();
            if (commits.size() == 1 && commits.get(0) > 0) {
                return commits.get(0);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("commit indexes did not agree within " + DEADLINE_MS + " ms: "
                + statusOf(members));
    }

    private static SortedMap<Integer, NodeStatus> statusOf(SortedMap<Integer, NodeAddress> members)
            throws InterruptedException {
        try (ClusterAdmin admin = new ClusterAdmin(members)) {
            return admin.statuses();
        }
    }
}
