package io.raftdeck.storage;

import static io.raftdeck.storage.TestEntries.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftdeck.core.HardState;
import org.junit.jupiter.api.Test;

/** The in-memory twin's crash view: what was saved outlives the node that saved it. */
class MemoryStorageTest {

    @Test
    void reopenKeepsSavedStateAndRetiresTheOldHandle() {
        // Proves a simulated restart sees every save, and the crashed node can no longer write.
        MemoryStorage crashed = new MemoryStorage();
        crashed.save(new HardState(4, 2, 3), entries(1, 3, 4));
        MemoryStorage restarted = crashed.reopen();
        assertThrows(IllegalStateException.class, () -> crashed.save(null, entries(4, 4, 4)));
        RecoveredState state = restarted.recover();
        assertEquals(new HardState(4, 2, 3), state.hardState());
        assertEquals(entries(1, 3, 4), state.entries());
    }

    @Test
    void reopenAfterCloseStillHasTheData() {
        // Proves closing (a clean stop) does not discard what was saved.
        MemoryStorage stopped = new MemoryStorage();
        stopped.save(null, entries(1, 2, 1));
        stopped.close();
        assertEquals(entries(1, 2, 1), stopped.reopen().recover().entries());
    }

    @Test
    void recoveredStateIsASnapshot() {
        // Proves a recovered list does not change under later saves.
        MemoryStorage storage = new MemoryStorage();
        storage.save(null, entries(1, 2, 1));
        RecoveredState before = storage.recover();
        storage.save(null, entries(2, 3, 2));
        assertEquals(entries(1, 2, 1), before.entries());
    }
}
