package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NemesisScheduleTest {

    private static final List<Integer> NODES = List.of(1, 2, 3, 4, 5);

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnotherOne() {
        // Repeatable runs: a failing seed can be run again and hits the same faults.
        List<PlannedFault> first = NemesisSchedule.plan(7, 60_000, NODES, true);
        assertEquals(first, NemesisSchedule.plan(7, 60_000, NODES, true));
        assertNotEquals(first, NemesisSchedule.plan(8, 60_000, NODES, true));
    }

    @Test
    void faultsDoNotOverlapAndEndBeforeTheHealthyTail() {
        // One fault at a time, each healed before the next, all inside the run.
        for (long seed = 0; seed < 50; seed++) {
            List<PlannedFault> faults = NemesisSchedule.plan(seed, 60_000, NODES, true);
            assertFalse(faults.isEmpty(), "seed " + seed);
            long previousEndMs = 0;
            for (PlannedFault fault : faults) {
                assertTrue(fault.startMs() >= previousEndMs + NemesisSchedule.MIN_GAP_MS
                        || previousEndMs == 0, "seed " + seed + ": " + faults);
                assertTrue(fault.durationMs() <= NemesisSchedule.MAX_DURATION_MS);
                previousEndMs = fault.endMs();
            }
            assertTrue(previousEndMs <= 60_000 - NemesisSchedule.HEALTHY_TAIL_MS);
        }
    }

    @Test
    void targetsAreNodesOfTheClusterAndASplitCutsOffAMinority() {
        // Faults hit real members; a split leaves the majority able to elect a leader.
        for (long seed = 0; seed < 50; seed++) {
            for (PlannedFault fault : NemesisSchedule.plan(seed, 60_000, NODES, true)) {
                assertTrue(NODES.containsAll(fault.nodes()), fault.toString());
                switch (fault.kind()) {
                    case SPLIT -> assertEquals(2, fault.nodes().size(), fault.toString());
                    case ISOLATE_LEADER -> assertTrue(fault.nodes().isEmpty());
                    default -> assertEquals(1, fault.nodes().size(), fault.toString());
                }
            }
        }
    }

    @Test
    void everyKindComesUpAndNoProcessFaultsWithoutProcesses() {
        // With processes all six kinds are used; on --cluster never kill or pause.
        Set<FaultKind> withProcesses = EnumSet.noneOf(FaultKind.class);
        Set<FaultKind> without = EnumSet.noneOf(FaultKind.class);
        for (long seed = 0; seed < 20; seed++) {
            NemesisSchedule.plan(seed, 60_000, NODES, true)
                    .forEach(fault -> withProcesses.add(fault.kind()));
            NemesisSchedule.plan(seed, 60_000, NODES, false)
                    .forEach(fault -> without.add(fault.kind()));
        }
        assertEquals(EnumSet.allOf(FaultKind.class), withProcesses);
        assertEquals(EnumSet.of(FaultKind.ISOLATE, FaultKind.SPLIT, FaultKind.ISOLATE_LEADER,
                FaultKind.TRANSFER), without);
    }

    @Test
    void aRunTooShortForAFaultPlansNone() {
        // Bounded: the schedule never runs past the workload.
        assertTrue(NemesisSchedule.plan(1, 2_000, NODES, true).isEmpty());
    }
}
