package io.raftdeck.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftdeck.core.RaftStatus;
import io.raftdeck.core.Role;
import io.raftdeck.statemachine.KeyValueStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory log bound fails once the applied entries held reach the snapshot threshold. */
class MemoryBoundsTest {

    @Test
    void appliedEntriesBelowTheThresholdPassAndAtItFail() {
        KeyValueStore store = new KeyValueStore();
        // Entries 11..14 applied and held: a threshold of 5 has not been reached.
        MemoryBounds.check(1, status(11, 14), store, 5);
        // 11..15: the turn that applied the fifth should have taken a snapshot and dropped them.
        assertThrows(SafetyViolation.class, () -> MemoryBounds.check(1, status(11, 15), store, 5));
        MemoryBounds.check(1, status(1, 1_000), store, Integer.MAX_VALUE);
    }

    /** A follower whose log starts at {@code firstLogIndex} and applied {@code lastApplied}. */
    private static RaftStatus status(long firstLogIndex, long lastApplied) {
        return new RaftStatus(1, Role.FOLLOWER, 3, 0, 2, lastApplied, lastApplied, firstLogIndex,
                lastApplied, 3, 0, 20, List.of(), 0);
    }
}
