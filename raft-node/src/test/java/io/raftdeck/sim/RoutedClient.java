package io.raftdeck.sim;

import io.raftdeck.history.HistoryRecorder;
import io.raftdeck.history.OperationKind;
import io.raftdeck.proto.v1.SessionRef;
import io.raftdeck.service.WriteOutcome;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.KeyValueCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A simulated client with one operation at a time (put, delete, compare-and-set, linearizable
 * get, or free text as the seed's client sends), sent to a random node's service over the
 * {@link SimLinks} and routed there by the real router. Every operation but free text goes
 * into the history with its invocation and completion in virtual time: ok when answered (a
 * compare-and-set that did not swap failed: it changed nothing), failed when no attempt can
 * have reached a log (refused, or marked not proposed), unknown otherwise. With a session it
 * numbers its writes and, while it has no answer, sends the same request again to another node
 * until its deadline, as {@code ClusterClient} fails over; without one, a write goes once to
 * one node, which numbers it ({@code RequestIdentities}).
 */
final class RoutedClient {

    /** An answered write: what was sent, under which session identity (null: none). */
    record Answer(byte[] command, ClientRequestId session, ApplyResult result, int attempts) {
    }

    /** Counters over every client of a run. */
    static final class Totals {
        long operations;
        long answered;
        long answeredAfterRetry;
        long failed;
        long unknown;
    }

    private static final int KEYS = 3;

    private final int number;
    private final long sessionId;
    private final SimServices services;
    private final HistoryRecorder recorder;
    private final Random random;
    private final Totals totals;
    /** The last value any client saw per key: what a compare-and-set expects. */
    private final Map<String, String> lastSeen;
    private final Consumer<Answer> onAnswer;
    private final long attemptTicks;
    private final long operationTicks;
    /**
     * Writes whose every attempt certainly reached no log (refused, or marked not proposed),
     * by their bytes; deletes left out, their bytes are not unique.
     */
    final List<byte[]> certainlyNotProposed = new ArrayList<>();
    private long sequence;
    private boolean busy;

    RoutedClient(int number, long sessionId, SimServices services, HistoryRecorder recorder,
                 Random random, Totals totals, Map<String, String> lastSeen,
                 Consumer<Answer> onAnswer, long attemptTicks, long operationTicks) {
        this.number = number;
        this.sessionId = sessionId;
        this.services = services;
        this.recorder = recorder;
        this.random = random;
        this.totals = totals;
        this.lastSeen = lastSeen;
        this.onAnswer = onAnswer;
        this.attemptTicks = attemptTicks;
        this.operationTicks = operationTicks;
    }

    boolean busy() {
        return busy;
    }

    long sessionId() {
        return sessionId;
    }

    /** Starts the next operation, unless one is in flight. */
    void sendNext() {
        if (busy) {
            return;
        }
        busy = true;
        totals.operations++;
        String key = "k" + random.nextInt(KEYS);
        int roll = random.nextInt(20);
        if (roll < 4) {
            get(key);
            return;
        }
        sequence++;
        String value = "c" + number + "/" + sequence;
        byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
        Operation operation;
        if (roll < 11) {
            operation = new Operation(new KeyValueCommand.Put(key, valueBytes).encode(),
                    recorder.invoke(number, OperationKind.PUT, key, value, null), false, key,
                    value);
        } else if (roll < 14) {
            operation = new Operation(new KeyValueCommand.Delete(key).encode(),
                    recorder.invoke(number, OperationKind.DELETE, key, null, null), false, key,
                    null);
        } else if (roll < 17) {
            String expected = lastSeen.get(key);
            byte[] expectedBytes = expected == null ? null
                    : expected.getBytes(StandardCharsets.UTF_8);
            operation = new Operation(new KeyValueCommand.Cas(key, expectedBytes, valueBytes)
                    .encode(), recorder.invoke(number, OperationKind.CAS, key, value, expected),
                    true, key, value);
        } else {
            operation = new Operation(("note " + value).getBytes(StandardCharsets.UTF_8), -1,
                    false, null, null);
        }
        operation.deadlineTick = services.cluster.now + operationTicks;
        write(operation);
    }

    /** A write in flight: its command, its history entry (-1: not recorded), its attempts. */
    private static final class Operation {
        final byte[] command;
        final long historyId;
        final boolean cas;
        /** The key it writes and the value it leaves there (null: deleted); null for text. */
        final String key;
        final String newValue;
        long deadlineTick;
        int attempts;
        boolean mayHaveApplied;

        Operation(byte[] command, long historyId, boolean cas, String key, String newValue) {
            this.command = command;
            this.historyId = historyId;
            this.cas = cas;
            this.key = key;
            this.newValue = newValue;
        }
    }

    private void write(Operation operation) {
        operation.attempts++;
        SessionRef session = sessionId == 0 ? SessionRef.getDefaultInstance()
                : SessionRef.newBuilder().setClientId(sessionId).setSequence(sequence).build();
        ClientRequestId identity = sessionId == 0 ? null
                : new ClientRequestId(sessionId, sequence);
        CompletableFuture<ApplyResult> answer = services.write(receiver(), operation.command,
                session, attemptTicks(operation));
        services.whenDone(answer, (result, error) -> {
            if (error == null) {
                totals.answered++;
                if (operation.attempts > 1) {
                    totals.answeredAfterRetry++;
                }
                onAnswer.accept(new Answer(operation.command, identity, result,
                        operation.attempts));
                written(operation, result);
                return;
            }
            operation.mayHaveApplied |= !WriteOutcome.certainlyNotProposed(error);
            if (sessionId != 0 && services.cluster.now < operation.deadlineTick) {
                // The same request, elsewhere: its session makes a second attempt harmless.
                services.scheduler.at(services.cluster.now + 1,
                        () -> write(operation));
            } else {
                if (!operation.mayHaveApplied && (operation.newValue != null
                        || operation.historyId < 0)) {
                    certainlyNotProposed.add(operation.command);
                }
                end(operation.historyId, false, null, operation.mayHaveApplied);
            }
        });
    }

    private void written(Operation operation, ApplyResult result) {
        if (operation.historyId < 0) {
            end(-1, true, null, false);
        } else if (operation.cas && !result.existed()) {
            end(operation.historyId, false, null, false); // not swapped: it changed nothing
        } else {
            if (operation.newValue == null) {
                lastSeen.remove(operation.key);
            } else {
                lastSeen.put(operation.key, operation.newValue);
            }
            end(operation.historyId, true, null, false);
        }
    }

    private void get(String key) {
        long historyId = recorder.invoke(number, OperationKind.GET, key, null, null);
        long deadlineTick = services.cluster.now + operationTicks;
        read(historyId, key, deadlineTick);
    }

    private void read(long historyId, String key, long deadlineTick) {
        long ticks = Math.max(1, Math.min(attemptTicks, deadlineTick - services.cluster.now));
        services.whenDone(services.read(receiver(), key, ticks), (result, error) -> {
            if (error == null) {
                String value = result.value() == null ? null
                        : new String(result.value(), StandardCharsets.UTF_8);
                if (value != null) {
                    lastSeen.put(key, value);
                }
                end(historyId, true, value, false);
            } else if (services.cluster.now < deadlineTick) {
                services.scheduler.at(services.cluster.now + 1,
                        () -> read(historyId, key, deadlineTick));
            } else {
                end(historyId, false, null, false); // a read that failed changed nothing
            }
        });
    }

    private void end(long historyId, boolean ok, String result, boolean unknown) {
        busy = false;
        if (ok) {
            if (historyId >= 0) {
                recorder.ok(historyId, result);
            }
        } else if (unknown) {
            totals.unknown++;
            if (historyId >= 0) {
                recorder.unknown(historyId);
            }
        } else {
            totals.failed++;
            if (historyId >= 0) {
                recorder.fail(historyId);
            }
        }
    }

    private long attemptTicks(Operation operation) {
        return Math.max(1, Math.min(attemptTicks, operation.deadlineTick
                - services.cluster.now));
    }

    private int receiver() {
        return 1 + random.nextInt(services.cluster.size());
    }
}
