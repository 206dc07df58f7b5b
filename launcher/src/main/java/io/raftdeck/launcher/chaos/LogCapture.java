package io.raftdeck.launcher.chaos;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.raftdeck.node.NodeAddress;
import io.raftdeck.proto.seed.GetLogRequest;
import io.raftdeck.proto.seed.GetLogResponse;
import io.raftdeck.proto.seed.LogEntry;
import io.raftdeck.proto.seed.RaftServiceGrpc;
import io.raftdeck.proto.v1.AdminServiceGrpc;
import io.raftdeck.proto.v1.NodeStatus;
import io.raftdeck.proto.v1.StatusRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads the nodes' committed logs while the run goes on, because a node compacts its log
 * every 10,000 applied entries and a GetLog at the end would show only the entries since its
 * last snapshot. One node at a time, round-robin: its Status for the commit index, then its
 * seed GetLog; entries up to that commit index are final and go into the {@link CommittedLog}
 * (later entries may still be replaced). A failed read is only a missed one: the next round
 * reads the node again, and the other nodes hold the same committed entries.
 */
final class LogCapture implements Runnable, AutoCloseable {

    /**
     * Between two reads, so each of 5 nodes is read every 1.5 s or so. Measured on this
     * project's 2-core machine with 9,600-entry logs (near the largest before a compaction):
     * a read takes about 30 ms on an idle cluster and 60-80 ms under the chaos workload, and
     * reading every 300 ms costs the five nodes about 13% of one core and the chaos JVM about
     * 9%. What it cannot see: the entries committed after the last read before all nodes
     * compact at once (they compact at the same indexes unless a fault set one apart), about
     * 40 per compaction in a 150 s run; the report counts them as gaps.
     */
    static final long READ_EVERY_MS = 300;
    /** A 10,000-entry GetLog of long commands (GetLog cuts each at 4096 characters). */
    static final int MAX_INBOUND_BYTES = 64 << 20;
    static final long GET_LOG_TIMEOUT_MS = 5_000;
    private static final long CLOSE_WAIT_MS = 1_000;

    /** What the capture did, for the report. */
    record Summary(int reads, int missed, int skipped, long readMillis, int observedIndexes,
            long highestIndex, List<CommittedLog.Conflict> conflicts, int conflictCount) {

        /** Mean time of one successful read (Status and GetLog), ms. */
        double meanReadMs() {
            int succeeded = reads - missed - skipped;
            return succeeded == 0 ? 0 : (double) readMillis / succeeded;
        }
    }

    /** A node's commit and first log index when it was last read in full. */
    private record Read(long commitIndex, long firstLogIndex) {
    }

    private final SortedMap<Integer, NodeAddress> members;
    private final Map<Integer, ManagedChannel> channels = new HashMap<>();
    private final Map<Integer, Read> lastRead = new HashMap<>();
    private final CommittedLog log = new CommittedLog();
    private volatile boolean stopped;
    private int reads;
    private int missed;
    private int skipped;
    private long readNanos;

    LogCapture(SortedMap<Integer, NodeAddress> members, ChannelCredentials credentials) {
        this(members, MAX_INBOUND_BYTES, credentials);
    }

    /**
     * @param maxInboundBytes the largest GetLog answer taken; a larger one is a missed read
     * @param credentials     how to dial the nodes (plaintext, or a TLS --cluster's)
     */
    LogCapture(SortedMap<Integer, NodeAddress> members, int maxInboundBytes,
               ChannelCredentials credentials) {
        this.members = new TreeMap<>(members);
        members.forEach((id, address) -> channels.put(id, Grpc.newChannelBuilderForAddress(
                address.host(), address.port(), credentials)
                .maxInboundMessageSize(maxInboundBytes).build()));
    }

    @Override
    public void run() {
        List<Integer> ids = new ArrayList<>(members.keySet());
        int turn = 0;
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            read(ids.get(turn++ % ids.size()), false);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(READ_EVERY_MS));
        }
    }

    void stop() {
        stopped = true;
    }

    /** Reads every node once in full; for the end, when the nodes have converged. */
    void readEach() {
        members.keySet().forEach(id -> read(id, true));
    }

    /**
     * One read of one node. Unless {@code always}, a node whose commit and first index are
     * where they were at its last read has nothing new committed, and its GetLog is skipped.
     */
    private void read(int id, boolean always) {
        ManagedChannel channel = channels.get(id);
        long startNanos = System.nanoTime();
        try {
            NodeStatus status = AdminServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(ClusterAdmin.STATUS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .status(StatusRequest.getDefaultInstance());
            Read now = new Read(status.getCommitIndex(), status.getFirstLogIndex());
            if (!always && now.equals(lastRead(id))) {
                counted(0, false, true);
                return;
            }
            GetLogResponse response = RaftServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(GET_LOG_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .getLog(GetLogRequest.getDefaultInstance());
            for (LogEntry entry : response.getEntriesList()) {
                if (entry.getIndex() <= now.commitIndex()) {
                    log.merge(id, entry.getIndex(), entry.getTerm(), entry.getCommand());
                }
            }
            remember(id, now);
            counted(System.nanoTime() - startNanos, false, false);
        } catch (StatusRuntimeException e) {
            // Down, paused, cut off, or a log too large for one message (RESOURCE_EXHAUSTED):
            // the next round tries again. A refused connection must not leave the channel in
            // a back-off that outlasts the node's restart.
            channel.resetConnectBackoff();
            counted(0, true, false);
        }
    }

    private synchronized Read lastRead(int id) {
        return lastRead.get(id);
    }

    private synchronized void remember(int id, Read read) {
        lastRead.put(id, read);
    }

    private synchronized void counted(long nanos, boolean miss, boolean skip) {
        reads++;
        missed += miss ? 1 : 0;
        skipped += skip ? 1 : 0;
        readNanos += nanos;
    }

    /** The committed log seen so far. */
    CommittedLog log() {
        return log;
    }

    synchronized Summary summary() {
        return new Summary(reads, missed, skipped, TimeUnit.NANOSECONDS.toMillis(readNanos),
                log.size(), log.highestIndex(), log.conflicts(), log.conflictCount());
    }

    @Override
    public void close() {
        stopped = true;
        channels.values().forEach(ManagedChannel::shutdownNow);
        try {
            for (ManagedChannel channel : channels.values()) {
                channel.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
