package io.raftdeck.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A bad configuration fails at start-up with a clear message, not as a livelock later. */
class RaftConfigTest {

    private static final Set<Integer> MEMBERS = Set.of(1, 2, 3);

    @Test
    void electionTimeoutMinimumMustExceedTwiceTheHeartbeat() {
        // Proves a follower is guaranteed two heartbeats per election timeout.
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RaftConfig(1, MEMBERS, 10, 20, 5, 64, 1024));
        assertTrue(error.getMessage().contains("twice the heartbeat"), error.getMessage());
        assertDoesNotThrow(() -> new RaftConfig(1, MEMBERS, 11, 20, 5, 64, 1024));
    }

    @Test
    void electionTimeoutMaximumMustExceedTheMinimum() {
        // Proves the randomized timeout has a spread, so nodes do not split votes forever.
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RaftConfig(1, MEMBERS, 15, 15, 5, 64, 1024));
        assertTrue(error.getMessage().contains("must exceed the minimum"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RaftConfig(1, MEMBERS, 15, 14, 5, 64, 1024));
        assertDoesNotThrow(() -> new RaftConfig(1, MEMBERS, 15, 16, 5, 64, 1024));
    }

    @Test
    void nodeIdMustBeAMember() {
        // Proves a node cannot run in a cluster it does not count itself part of.
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> RaftConfig.withDefaults(4, MEMBERS));
        assertTrue(error.getMessage().contains("must include this node's id 4"),
                error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.withDefaults(1, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> RaftConfig.withDefaults(0, Set.of(0)));
    }
}
