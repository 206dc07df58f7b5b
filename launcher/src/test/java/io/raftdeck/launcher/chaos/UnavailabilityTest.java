package io.raftdeck.launcher.chaos;

import static io.raftdeck.launcher.chaos.RecordedOperations.append;
import static io.raftdeck.launcher.chaos.RecordedOperations.get;
import static io.raftdeck.launcher.chaos.RecordedOperations.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftdeck.history.AppendOperation;
import io.raftdeck.history.History;
import io.raftdeck.history.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnavailabilityTest {

    private static final long MS = 1_000_000;

    @Test
    void theLongestGapBetweenAcknowledgedWritesCountsTheRunsEdgesAndIgnoresOtherOps() {
        // Gets and unknown puts do not make the cluster available; the start and end do count.
        History history = new History(List.of(
                put(1, "k", "a", 0, 100 * MS, Outcome.OK),
                get(1, "k", "a", 0, 900 * MS),
                put(1, "k", "b", 0, 800 * MS, Outcome.UNKNOWN),
                put(1, "k", "c", 0, 1_500 * MS, Outcome.OK)));
        List<AppendOperation> noAppends = List.of();
        assertEquals(new Unavailability(100, 1_500),
                Unavailability.longest(history, noAppends, 0, 2_000 * MS));
        assertEquals(new Unavailability(1_500, 4_000),
                Unavailability.longest(history, noAppends, 0, 4_000 * MS));
    }

    @Test
    void anAcknowledgedAppendEndsAStretchOfUnavailabilityButARefusedOneDoesNot() {
        // Proves the chosen rule: an ok append is a committed write, like an ok put.
        History history = new History(List.of(
                put(1, "k", "a", 0, 100 * MS, Outcome.OK),
                put(1, "k", "c", 0, 1_500 * MS, Outcome.OK)));
        List<AppendOperation> appends = List.of(
                append(6, "a6-1", 0, 900 * MS, Outcome.OK, "committed at index 4 in term 2"),
                append(6, "a6-2", 0, 500 * MS, Outcome.FAIL, "No leader available"));
        assertEquals(new Unavailability(100, 900),
                Unavailability.longest(history, appends, 0, 1_600 * MS));
    }
}
