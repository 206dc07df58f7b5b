package io.raftdeck.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.proto.v1.DeleteRequest;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.TransferRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real three-node cluster whose store reaches its quota under load from clients on every
 * node: writes are refused with RESOURCE_EXHAUSTED and the sentence, the NOSPACE alarm shows
 * in every node's status and in {@code raftdeck status}, the CLI exits 9 with one line,
 * deletes are accepted, and the alarm clears by itself once space is freed.
 */
class QuotaClusterTest {

    private static final long QUOTA_BYTES = 256 << 10;
    private static final int VALUE_BYTES = 8 << 10;
    private static final int WRITERS = 6;
    /** Far more than the quota holds, so every writer meets the refusal. */
    private static final int MAX_PUTS_PER_WRITER = 200;
    private static final String SENTENCE = "of its 256 KiB quota (--quota-bytes); delete keys"
            + " or raise the quota";

    @TempDir
    Path dataRoot;
    private TestCluster cluster;
    private ExecutorService writers;

    @AfterEach
    void stop() throws InterruptedException {
        if (writers != null) {
            writers.shutdownNow();
            writers.awaitTermination(20, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aFullStoreRefusesWritesRaisesTheAlarmAcceptsDeletesAndClearsOnceFreed()
            throws Exception {
        cluster = TestCluster.start(3, dataRoot, config -> config.withQuotaBytes(QUOTA_BYTES));
        cluster.awaitLeader();
        awaitEveryNode("the leader's quota to apply", s -> s.getQuotaBytes() == QUOTA_BYTES);

        writers = Executors.newFixedThreadPool(WRITERS);
        ConcurrentLinkedQueue<String> written = new ConcurrentLinkedQueue<>();
        List<Future<StatusRuntimeException>> refusals = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            refusals.add(writers.submit(() -> fillUntilRefused(writer, written)));
        }
        for (Future<StatusRuntimeException> refusal : refusals) {
            StatusRuntimeException refused = refusal.get(60, TimeUnit.SECONDS);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode(),
                    refused::toString);
            assertTrue(refused.getStatus().getDescription().startsWith("the store holds ")
                    && refused.getStatus().getDescription().endsWith(SENTENCE),
                    refused.getStatus().getDescription());
        }
        awaitEveryNode("the NOSPACE alarm", NodeStatus::getNoSpaceAlarm);
        for (int id : cluster.ids()) {
            NodeStatus status = status(id);
            assertTrue(status.getStoreBytes() <= QUOTA_BYTES
                    && status.getStoreBytes() > QUOTA_BYTES - VALUE_BYTES - 200, status::toString);
        }

        String nodes = cluster.ids().stream().map(id -> cluster.config(id).listen().toString())
                .collect(Collectors.joining(","));
        CommandRun put = CommandRun.of("put", "one-more", "x".repeat(VALUE_BYTES),
                "--cluster", nodes, "--timeout-ms", "10000");
        assertEquals(ExitCodes.NO_SPACE, put.exitCode(), put::toString);
        assertTrue(put.errIsOneLine() && put.err().contains("refused the put: RESOURCE_EXHAUSTED:"
                + " the store holds ") && put.err().contains(SENTENCE), put::toString);
        CommandRun statusRun = CommandRun.of("status", "--cluster", nodes);
        assertEquals(3, statusRun.out().lines().filter(line -> line.contains(
                "NOSPACE alarm: the store holds ")).count(), statusRun::toString);

        // Deletes are accepted while the alarm is raised; freeing a tenth clears it.
        List<String> keys = new ArrayList<>(written);
        CommandRun del = CommandRun.of("del", keys.get(0), "--cluster", nodes);
        assertEquals(ExitCodes.OK, del.exitCode(), del::toString);
        for (String key : keys.subList(1, keys.size() / 4)) {
            cluster.client(1).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .delete(DeleteRequest.newBuilder().setKey(key).build());
        }
        awaitEveryNode("the alarm to clear", status -> !status.getNoSpaceAlarm());
        CommandRun after = CommandRun.of("put", "one-more", "x".repeat(VALUE_BYTES),
                "--cluster", nodes, "--timeout-ms", "10000");
        assertEquals(ExitCodes.OK, after.exitCode(), after::toString);
    }

    @Test
    void theClusterRunsOnItsLeadersQuotaWhateverTheOtherNodesFlagsSay() throws Exception {
        // Proves the quota is replicated state: nodes started with different --quota-bytes
        // all report the leader's, and a transfer of leadership moves them all to the new
        // leader's, so no two nodes ever judge a write by different quotas.
        cluster = TestCluster.start(3, dataRoot,
                config -> config.withQuotaBytes(config.id() * QUOTA_BYTES));
        int leader = cluster.awaitLeader();
        awaitEveryNode("node " + leader + "'s quota",
                s -> s.getQuotaBytes() == leader * QUOTA_BYTES);
        int target = leader % 3 + 1;
        cluster.admin(leader).transferLeadership(
                TransferRequest.newBuilder().setTo(target).build());
        awaitEveryNode("node " + target + "'s quota once it leads",
                s -> s.getQuotaBytes() == target * QUOTA_BYTES);
    }

    /** Puts distinct keys through node (writer % 3) + 1 until one is refused; returns that. */
    private StatusRuntimeException fillUntilRefused(int writer,
                                                    ConcurrentLinkedQueue<String> written) {
        ByteString value = ByteString.copyFrom(new byte[VALUE_BYTES]);
        int node = writer % 3 + 1;
        for (int i = 0; i < MAX_PUTS_PER_WRITER; i++) {
            String key = "w" + writer + "-" + i;
            try {
                cluster.client(node).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .put(PutRequest.newBuilder().setKey(key).setValue(value).build());
                written.add(key);
            } catch (StatusRuntimeException refused) {
                return refused;
            }
        }
        throw new AssertionError("writer " + writer + " put " + MAX_PUTS_PER_WRITER
                + " values of " + VALUE_BYTES + " bytes without a refusal");
    }

    private NodeStatus status(int id) {
        return cluster.admin(id).withDeadlineAfter(5, TimeUnit.SECONDS)
                .status(StatusRequest.getDefaultInstance());
    }

    private void awaitEveryNode(String what, Predicate<NodeStatus> condition) {
        TestCluster.await(what + " on every node", TestCluster.DEFAULT_WAIT,
                () -> cluster.ids().stream().allMatch(id -> condition.test(status(id))));
    }
}
