package io.raftdeck.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftdeck.core.Role;
import org.junit.jupiter.api.Test;

class SeedRaftServiceTest {

    @Test
    void stateNamesAreTheSeedsThree() {
        // Proves every role maps to "Leader", "Follower" or "Candidate"; pre-vote is a follower.
        assertEquals("Leader", SeedRaftService.stateName(Role.LEADER));
        assertEquals("Candidate", SeedRaftService.stateName(Role.CANDIDATE));
        assertEquals("Follower", SeedRaftService.stateName(Role.FOLLOWER));
        assertEquals("Follower", SeedRaftService.stateName(Role.PRE_CANDIDATE));
    }
}
