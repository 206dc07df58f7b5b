package io.raftdeck.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.GetResponse;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.StatusRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots over real gRPC and real disks: a follower left down while the others take 20,000
 * writes catches up by InstallSnapshot (a snapshot of about 3 MB, so several chunks), and the
 * leader's WAL stays bounded all along.
 */
class SnapshotIntegrationTest {

    private static final int WRITES = 20_000;
    private static final int SNAPSHOT_THRESHOLD_ENTRIES = 500;
    private static final long WAL_SEGMENT_BYTES = 64 << 10;
    /** Writes in flight at once, so 20,000 of them take seconds, not minutes. */
    private static final int IN_FLIGHT = 256;
    /** Sends of one write refused for want of a leader before the test gives up. */
    private static final int MAX_ATTEMPTS = 10;
    private static final Duration CATCH_UP_WAIT = Duration.ofSeconds(60);
    /** Pads each value so that the state, and the snapshot, is a few megabytes. */
    private static final String PADDING = "x".repeat(140);

    @TempDir
    Path dataRoot;

    /** The highest index a write committed at. */
    private final AtomicLong lastWriteIndex = new AtomicLong();

    @Test
    void followerLeftDownCatchesUpBySnapshotAndTheLeadersLogStaysBounded() throws Exception {
        // Proves a follower that missed 20,000 writes, far more than the leader keeps in its
        // log, receives the snapshot in chunks and ends with the same state; and that the
        // leader's WAL never grows past a few segments while those writes go in.
        try (TestCluster cluster = TestCluster.start(3, dataRoot,
                config -> config.withCompaction(SNAPSHOT_THRESHOLD_ENTRIES, WAL_SEGMENT_BYTES))) {
            int leader = cluster.awaitLeader();
            int behind = cluster.runningIds().stream().filter(id -> id != leader)
                    .findFirst().orElseThrow();
            cluster.kill(behind);

            long writeStarted = System.nanoTime();
            long maxWalBytes = writeAll(cluster, leader);
            long writeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - writeStarted);
            long lastIndex = lastWriteIndex.get();

            // About 200 bytes per entry: without compaction the WAL would pass 4 MB.
            assertTrue(maxWalBytes <= 6 * WAL_SEGMENT_BYTES,
                    "leader's WAL grew to " + maxWalBytes + " bytes");
            // A snapshot being taken right now briefly sits beside the one it replaces.
            Path snapshots = dataRoot.resolve("node-" + leader).resolve("snapshots");
            TestCluster.await("the leader to keep one snapshot", CATCH_UP_WAIT,
                    () -> files(snapshots) == 1);

            long restarted = System.nanoTime();
            cluster.restart(behind);
            TestCluster.await("node " + behind + " to apply index " + lastIndex, CATCH_UP_WAIT,
                    () -> status(cluster, behind).getLastApplied() >= lastIndex);
            long catchUpMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);

            NodeStatus caughtUp = status(cluster, behind);
            System.out.printf("snapshot integration: %d writes in %d ms, leader's WAL at most %d"
                    + " bytes; node %d caught up to %d in %d ms from snapshot %d%n", WRITES,
                    writeMs, maxWalBytes, behind, lastIndex, catchUpMs,
                    caughtUp.getSnapshotIndex());
            assertTrue(caughtUp.getSnapshotIndex() > WRITES / 2,
                    "caught up from a snapshot, not the log: " + caughtUp.getSnapshotIndex());
            // The metrics' counters saw it: snapshots taken and one sent (by whoever led).
            long taken = cluster.runningIds().stream()
                    .mapToLong(id -> cluster.node(id).counters().snapshotsTaken()).sum();
            long sent = cluster.runningIds().stream()
                    .mapToLong(id -> cluster.node(id).counters().snapshotsSent()).sum();
            assertTrue(taken >= WRITES / SNAPSHOT_THRESHOLD_ENTRIES, "taken " + taken);
            assertTrue(sent >= 1, "sent " + sent);
            assertEquals(0, cluster.node(behind).counters().snapshotsSent());
            assertEquals(value(0), staleRead(cluster, behind, "key-0"));
            assertEquals(value(WRITES - 1), staleRead(cluster, behind, "key-" + (WRITES - 1)));
        }
    }

    /** Puts WRITES keys at the leader, IN_FLIGHT at a time; returns the largest WAL seen. */
    private long writeAll(TestCluster cluster, int leader) throws Exception {
        ClientServiceGrpc.ClientServiceFutureStub client =
                ClientServiceGrpc.newFutureStub(cluster.channel(leader));
        Path wal = cluster.config(leader).dataDir().resolve("wal");
        Semaphore slots = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong maxWalBytes = new AtomicLong();
        for (int i = 0; i < WRITES && failure.get() == null; i++) {
            if (!slots.tryAcquire(TestCluster.DEFAULT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("writes stopped completing at write " + i);
            }
            put(client, i, slots, failure, MAX_ATTEMPTS);
            if (i % 1_000 == 0) {
                maxWalBytes.accumulateAndGet(bytes(wal), Math::max);
            }
        }
        if (!slots.tryAcquire(IN_FLIGHT, TestCluster.DEFAULT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the last writes never completed");
        }
        if (failure.get() != null) {
            throw new AssertionError("a write failed", failure.get());
        }
        return Math.max(maxWalBytes.get(), bytes(wal));
    }

    /**
     * Puts key i; a write refused as UNAVAILABLE (an election on a starved machine) is sent
     * again, which is harmless: the same key gets the same value. Anything else fails the test.
     */
    private void put(ClientServiceGrpc.ClientServiceFutureStub client, int i, Semaphore slots,
                     AtomicReference<Throwable> failure, int attemptsLeft) {
        PutRequest put = PutRequest.newBuilder().setKey("key-" + i)
                .setValue(ByteString.copyFromUtf8(value(i))).build();
        Futures.addCallback(client.withDeadlineAfter(20, TimeUnit.SECONDS).put(put),
                new FutureCallback<WriteResponse>() {
                    @Override
                    public void onSuccess(WriteResponse response) {
                        lastWriteIndex.accumulateAndGet(response.getIndex(), Math::max);
                        slots.release();
                    }

                    @Override
                    public void onFailure(Throwable error) {
                        if (attemptsLeft > 1 && Status.fromThrowable(error).getCode()
                                == Status.Code.UNAVAILABLE) {
                            put(client, i, slots, failure, attemptsLeft - 1);
                            return;
                        }
                        failure.compareAndSet(null, error);
                        slots.release();
                    }
                }, MoreExecutors.directExecutor());
    }

    private static String value(int i) {
        return "v" + i + PADDING;
    }

    private static NodeStatus status(TestCluster cluster, int id) {
        return cluster.admin(id).status(StatusRequest.getDefaultInstance());
    }

    private static String staleRead(TestCluster cluster, int id, String key) {
        GetResponse response = cluster.client(id).get(
                GetRequest.newBuilder().setKey(key).setStale(true).build());
        return response.getFound() ? response.getValue().toStringUtf8() : null;
    }

    private static long bytes(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + directory, e);
        }
    }

    private static long files(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + directory, e);
        }
    }
}
