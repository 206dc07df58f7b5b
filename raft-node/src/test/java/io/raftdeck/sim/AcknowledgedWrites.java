package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.CommandRenderer;
import io.raftdeck.statemachine.StampedCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every write a node answered as applied is in the committed log exactly once, at the index
 * and term its answer named. The position is checked whenever the answer or the committed
 * entry at that index appears, whichever is later; at the end of a run (after convergence)
 * every answered index must have committed and the write must be there once: by its request
 * identity for a request proposed with one (retries share it; the node's retry cache and
 * state machine exist to keep it once), by its bytes for a command proposed without one that
 * the simulation handed to the cluster once (a scenario that hands the same bytes over again
 * without an identity puts them in the log again, by design).
 */
final class AcknowledgedWrites {

    /** {@code request}: the identity it was proposed with, null for a command without one. */
    private record Acknowledgement(int nodeId, byte[] command, ClientRequestId request,
                                   ApplyResult result) {
        String describe() {
            return "write " + CommandRenderer.render(command, 80) + " that node " + nodeId
                    + " answered at " + result.index() + "@" + result.term();
        }
    }

    private final Map<Long, List<Acknowledgement>> byIndex = new HashMap<>();
    /** How many times each command's bytes were handed to the cluster, by their text. */
    private final Map<String, Integer> proposals = new HashMap<>();
    long acknowledged;

    /** The simulation handed {@code command} to a node (any attempt, with identity or not). */
    void proposed(byte[] command) {
        proposals.merge(text(command), 1, Integer::sum);
    }

    /**
     * Node {@code nodeId} answered {@code command}, proposed with identity {@code request}
     * (null: none), with {@code result}; {@code committed} is the entry known committed at the
     * answer's index, null if none is yet.
     */
    void answered(int nodeId, byte[] command, ClientRequestId request, ApplyResult result,
                  Entry committed) {
        if (result.isRefused()) {
            return; // a refusal says the write did not apply: nothing to find in the log
        }
        Acknowledgement answer = new Acknowledgement(nodeId, command.clone(), request,
                result);
        byIndex.computeIfAbsent(result.index(), index -> new ArrayList<>()).add(answer);
        acknowledged++;
        if (committed != null) {
            checkPosition(answer, committed);
        }
    }

    /** {@code entry} is known committed from now on. */
    void committed(Entry entry) {
        List<Acknowledgement> answers = byIndex.get(entry.index());
        if (answers != null) {
            answers.forEach(answer -> checkPosition(answer, entry));
        }
    }

    private static void checkPosition(Acknowledgement answer, Entry committed) {
        if (committed.term() != answer.result().term() || committed.type() != EntryType.COMMAND
                || !Arrays.equals(committed.data(), answer.command())) {
            throw new SafetyViolation("Acknowledged write: " + answer.describe() + " but "
                    + committed + " committed there");
        }
    }

    /** At the end of a run: {@code log} is a converged node's whole applied log, from 1. */
    void checkExactlyOnce(List<Entry> log) {
        Map<ClientRequestId, Integer> byRequest = new HashMap<>();
        Map<String, Integer> byText = new HashMap<>();
        for (Entry entry : log) {
            if (entry.type() == EntryType.COMMAND) {
                StampedCommand.decode(entry.data()).ifPresent(stamped ->
                        byRequest.merge(stamped.request(), 1, Integer::sum));
                byText.merge(text(entry.data()), 1, Integer::sum);
            }
        }
        long last = log.isEmpty() ? 0 : log.get(log.size() - 1).index();
        byIndex.forEach((index, answers) -> answers.forEach(answer -> {
            if (index > last) {
                throw new SafetyViolation("Acknowledged write: " + answer.describe()
                        + " but the committed log ends at " + last);
            }
            String text = text(answer.command());
            int copies = answer.request() != null ? byRequest.getOrDefault(answer.request(), 0)
                    : proposals.get(text) == 1 ? byText.getOrDefault(text, 0) : 1;
            if (copies != 1) {
                throw new SafetyViolation("Acknowledged write: " + answer.describe() + " is "
                        + copies + " times in the committed log");
            }
        }));
    }

    /** Bytes as text, one char per byte, to key and show commands of any encoding. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
