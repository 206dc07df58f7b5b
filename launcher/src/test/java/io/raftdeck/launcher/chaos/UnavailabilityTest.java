package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftdeck.launcher.chaos.Operation.Kind;
import io.raftdeck.launcher.chaos.Operation.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnavailabilityTest {

    private static final long MS = 1_000_000;

    @Test
    void theLongestGapBetweenAcknowledgedWritesCountsTheRunsEdgesAndIgnoresOtherOps() {
        // Gets and unknown puts do not make the cluster available; the start and end do count.
        List<Operation> history = List.of(
                new Operation(1, Kind.PUT, "k", "a", 0, 100 * MS, Outcome.OK, null),
                new Operation(1, Kind.GET, "k", null, 0, 900 * MS, Outcome.OK, "a"),
                new Operation(1, Kind.PUT, "k", "b", 0, 800 * MS, Outcome.UNKNOWN, null),
                new Operation(1, Kind.PUT, "k", "c", 0, 1_500 * MS, Outcome.OK, null));
        assertEquals(new Unavailability(100, 1_500),
                Unavailability.longest(history, 0, 2_000 * MS));
        assertEquals(new Unavailability(1_500, 4_000),
                Unavailability.longest(history, 0, 4_000 * MS));
    }

    @Test
    void anAcknowledgedAppendEndsAStretchOfUnavailabilityButARefusedOneDoesNot() {
        // Proves the chosen rule: an ok append is a committed write, like an ok put.
        List<Operation> history = List.of(
                new Operation(1, Kind.PUT, "k", "a", 0, 100 * MS, Outcome.OK, null),
                new Operation(6, Kind.APPEND, null, "a6-1", 0, 900 * MS, Outcome.OK,
                        "committed at index 4 in term 2"),
                new Operation(6, Kind.APPEND, null, "a6-2", 0, 500 * MS, Outcome.FAIL,
                        "No leader available"),
                new Operation(1, Kind.PUT, "k", "c", 0, 1_500 * MS, Outcome.OK, null));
        assertEquals(new Unavailability(100, 900),
                Unavailability.longest(history, 0, 1_600 * MS));
    }
}
