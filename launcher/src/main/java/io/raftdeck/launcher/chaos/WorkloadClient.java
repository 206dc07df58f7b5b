package io.raftdeck.launcher.chaos;

import com.google.protobuf.ByteString;
import io.raftdeck.history.HistoryRecorder;
import io.raftdeck.history.OperationKind;
import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.launcher.client.ClusterClient;
import io.raftdeck.proto.v1.CasRequest;
import io.raftdeck.proto.v1.CasResponse;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.GetResponse;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.SessionRef;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One client of the workload: puts, compare-and-sets and linearizable gets on a small set of
 * keys, one at a time, each with a deadline, every one recorded in the history. Half the
 * operations are gets; a third of the writes are a cas from the value this client last saw
 * in the key (read, found by a missed cas, or swapped in; absent when it has seen none), so
 * cas both swaps and misses under contention.
 * Writes carry a session (this client's id and a fresh sequence number), so the failover
 * retries inside one request apply at most once. Every value written is unique in the run:
 * "c{process}-{sequence}". A cas answered without a swap is recorded FAIL: it wrote nothing.
 *
 * <p>A put that does not end in an answer is UNKNOWN, whatever the error: even "unavailable"
 * can come after the request was proposed (the leader lost its term), so only a rejection of
 * the request itself (bad argument) counts as FAIL. A get that does not answer is FAIL: a read
 * changes nothing.
 */
final class WorkloadClient implements Runnable {

    /** Between operations, so five clients leave the two cores some room for the nodes. */
    private static final long MAX_THINK_MS = 20;

    private final int process;
    private final List<String> keys;
    private final Random random;
    private final ClusterClient client;
    private final long sessionClientId;
    private final HistoryRecorder history;
    private final BooleanSupplier stopped;
    /** The value this client last read of each key; a key missing here reads as absent. */
    private final Map<String, String> lastRead = new HashMap<>();
    private long sequence;

    WorkloadClient(int process, List<String> keys, long seed, ClusterClient client,
            long sessionClientId, HistoryRecorder history, BooleanSupplier stopped) {
        this.process = process;
        this.keys = List.copyOf(keys);
        this.random = new Random(seed);
        this.client = client;
        this.sessionClientId = sessionClientId;
        this.history = history;
        this.stopped = stopped;
    }

    @Override
    public void run() {
        while (!stopped.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            String key = keys.get(random.nextInt(keys.size()));
            if (random.nextBoolean()) {
                get(key);
            } else if (random.nextInt(3) == 0) {
                cas(key);
            } else {
                put(key);
            }
            LockSupport.parkNanos(random.nextInt((int) MAX_THINK_MS + 1) * 1_000_000L);
        }
    }

    private void put(String key) {
        sequence++;
        String value = "c" + process + "-" + sequence;
        PutRequest request = PutRequest.newBuilder().setKey(key)
                .setValue(ByteString.copyFromUtf8(value))
                .setSession(SessionRef.newBuilder().setClientId(sessionClientId)
                        .setSequence(sequence))
                .build();
        long id = history.invoke(process, OperationKind.PUT, key, value, null);
        try {
            client.write("put", (channel, deadline) -> ClientServiceGrpc
                    .newBlockingStub(channel).withDeadline(deadline).put(request));
            history.ok(id);
        } catch (CommandFailure failed) {
            failWrite(id, failed);
        }
    }

    private void cas(String key) {
        sequence++;
        String value = "c" + process + "-" + sequence;
        String expected = lastRead.get(key);
        CasRequest request = CasRequest.newBuilder().setKey(key)
                .setExpected(ByteString.copyFromUtf8(expected == null ? "" : expected))
                .setExpectAbsent(expected == null).setValue(ByteString.copyFromUtf8(value))
                .setSession(SessionRef.newBuilder().setClientId(sessionClientId)
                        .setSequence(sequence))
                .build();
        long id = history.invoke(process, OperationKind.CAS, key, value, expected);
        try {
            CasResponse answer = client.write("cas", (channel, deadline) -> ClientServiceGrpc
                    .newBlockingStub(channel).withDeadline(deadline).cas(request));
            String current = answer.getFound() ? answer.getCurrent().toStringUtf8() : null;
            if (answer.getSwapped()) {
                history.ok(id);
            } else {
                history.missed(id, current);
            }
            // What the key held just now, so the next cas on it has a fair chance to swap.
            remember(key, answer.getSwapped() ? value : current);
        } catch (CommandFailure failed) {
            failWrite(id, failed);
        }
    }

    /** Only a rejected argument certainly wrote nothing; any other failure may have. */
    private void failWrite(long id, CommandFailure failed) {
        if (failed.exitCode() == ExitCodes.USAGE) {
            history.fail(id);
        } else {
            history.unknown(id);
        }
    }

    private void get(String key) {
        long id = history.invoke(process, OperationKind.GET, key, null, null);
        try {
            GetResponse answer = read(client, key);
            String result = answer.getFound()
                    ? answer.getValue().toString(StandardCharsets.UTF_8) : null;
            remember(key, result);
            history.ok(id, result);
        } catch (CommandFailure failed) {
            history.fail(id);
        }
    }

    private void remember(String key, String value) {
        if (value == null) {
            lastRead.remove(key);
        } else {
            lastRead.put(key, value);
        }
    }

    /** A linearizable read of {@code key}, with failover; throws CommandFailure on failure. */
    static GetResponse read(ClusterClient client, String key) {
        GetRequest request = GetRequest.newBuilder().setKey(key).build();
        return client.call("get", (channel, deadline) -> ClientServiceGrpc
                .newBlockingStub(channel).withDeadline(deadline).get(request));
    }
}
