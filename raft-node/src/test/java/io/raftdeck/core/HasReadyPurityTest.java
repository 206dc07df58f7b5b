package io.raftdeck.core;

import static io.raftdeck.core.Messages.appendResponse;
import static io.raftdeck.core.Messages.voteResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.AppendResponse;
import io.raftdeck.core.Message.VoteResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link RaftCore#hasReady()} is a question, not an action (etcd's {@code RawNode.HasReady}):
 * asking it any number of times changes nothing a caller can observe, and it answers true
 * exactly when {@link RaftCore#ready()} would hand out something.
 */
class HasReadyPurityTest {

    private static final int CLUSTER = 3;
    private static final int ASKS = 5;

    @Test
    void askingHasReadyChangesNeitherTheNextReadyNorTheStatus() {
        // Two identical cores take the same inputs; one is asked hasReady after every input,
        // the other never. Readys are taken only after every second input, so a hasReady that
        // sent what was pending would split one batch in two. Every Ready and every status
        // must still match.
        RaftCore asked = newCore();
        RaftCore neverAsked = newCore();
        List<Consumer<RaftCore>> script = leaderScript();
        for (int i = 0; i < script.size(); i++) {
            script.get(i).accept(asked);
            script.get(i).accept(neverAsked);
            askRepeatedly(asked);
            assertEquals(neverAsked.status(), asked.status(), "after input " + i);
            if (i % 2 == 1) {
                drainInLockstep(asked, neverAsked);
            }
        }
        assertEquals(Role.LEADER, asked.role(), "the script ran to the end as leader");
    }

    @Test
    void hasReadyIsTrueExactlyWhenReadyIsNotEmpty() {
        // Checked after every input of a leader's life, including when there is nothing to do.
        RaftCore core = newCore();
        int nonEmpty = 0;
        for (Consumer<RaftCore> input : leaderScript()) {
            input.accept(core);
            for (int round = 0; round < 10; round++) {
                boolean has = core.hasReady();
                Ready ready = core.ready();
                assertEquals(has, !ready.isEmpty(), "hasReady disagrees with " + ready);
                core.advance(ready);
                if (!has) {
                    break;
                }
                nonEmpty++;
            }
            assertFalse(core.hasReady(), "work left after draining");
        }
        assertTrue(nonEmpty > 5, "the script produced work to check against");
    }

    /** Asks hasReady {@link #ASKS} times; returns the answer, which must never change. */
    private static boolean askRepeatedly(RaftCore core) {
        RaftStatus before = core.status();
        boolean has = core.hasReady();
        for (int i = 1; i < ASKS; i++) {
            assertEquals(has, core.hasReady(), "hasReady changed its answer");
        }
        assertEquals(before, core.status(), "hasReady changed the status");
        return has;
    }

    /** Handles Readys on both cores until neither has any, comparing what each hands out. */
    private static void drainInLockstep(RaftCore asked, RaftCore neverAsked) {
        while (true) {
            boolean has = askRepeatedly(asked);
            assertEquals(neverAsked.status(), asked.status());
            Ready expected = neverAsked.ready();
            Ready actual = asked.ready();
            assertEquals(expected, actual, "hasReady changed the next Ready");
            assertEquals(has, !actual.isEmpty());
            neverAsked.advance(expected);
            asked.advance(actual);
            if (!has) {
                return;
            }
        }
    }

    private static RaftCore newCore() {
        RaftConfig config = CoreHarness.config(1, CLUSTER);
        return new RaftCore(config, new Random(7), HardState.INITIAL, List.of());
    }

    /**
     * A leader's life in inputs: elected, proposes (appends pending), answers followers
     * (commit), serves reads (a heartbeat round pending), heartbeats and transfers. Each
     * input reads the term and indexes it needs from the core it is given.
     */
    private static List<Consumer<RaftCore>> leaderScript() {
        Consumer<RaftCore> timeout = core -> {
            for (int i = 0; i < CoreHarness.ELECTION_TIMEOUT_MAX_TICKS
                    && core.role() == Role.FOLLOWER; i++) {
                core.tick();
            }
        };
        // Readys are taken after the odd-numbered inputs (see the first test).
        return List.of(
                timeout,
                core -> core.step(vote(2, core.term())),
                core -> core.step(accepted(2, core.term(), core.status().lastLogIndex())),
                core -> core.step(accepted(3, core.term(), core.status().lastLogIndex())),
                core -> core.propose(bytes("x")), // followers replicate: x and y, one batch
                core -> core.propose(bytes("y")),
                core -> core.step(accepted(2, core.term(), core.status().lastLogIndex())),
                core -> core.readIndex(41),
                core -> core.readIndex(42),
                core -> core.step(accepted(3, core.term(), core.status().lastLogIndex())),
                core -> core.step(heartbeatAnswer(2, core.term(), 1)),
                core -> core.step(heartbeatAnswer(3, core.term(), 2)),
                core -> core.tick(),
                core -> core.tick(),
                core -> core.propose(bytes("z")),
                core -> core.transferLeadership(3),
                core -> core.tick(),
                core -> core.tick());
    }

    private static VoteResponse vote(int from, long term) {
        return voteResponse().from(from).to(1).term(term).granted().build();
    }

    private static AppendResponse accepted(int from, long term, long matchIndex) {
        return appendResponse().from(from).to(1).term(term).success().matchIndex(matchIndex)
                .lastLogIndex(matchIndex).build();
    }

    private static AppendResponse heartbeatAnswer(int from, long term, long round) {
        return appendResponse().from(from).to(1).term(term).success().context(round).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
