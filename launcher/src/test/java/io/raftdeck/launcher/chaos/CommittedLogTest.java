package io.raftdeck.launcher.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CommittedLogTest {

    @Test
    void readsOfSeveralNodesMergeIntoOneLogByIndex() {
        // Proves merging: overlapping reads of the same entries add nothing twice.
        CommittedLog log = new CommittedLog();
        log.merge(1, 1, 1, "(noop)");
        log.merge(1, 2, 1, "a6-1");
        log.merge(2, 2, 1, "a6-1");
        log.merge(2, 4, 2, "a7-1");
        assertEquals(new TreeMap<>(Map.of(1L, "(noop)", 2L, "a6-1", 4L, "a7-1")),
                log.commands());
        assertEquals(4, log.highestIndex());
        assertEquals(0, log.conflictCount());
    }

    @Test
    void twoDifferentEntriesAtOneCommittedIndexAreAConflictReportedOnce() {
        // Proves state machine safety is checked: a different term or command at an index
        // is a conflict naming both nodes, and the same pair seen again is not a second one.
        CommittedLog log = new CommittedLog();
        log.merge(1, 5, 2, "a6-1");
        log.merge(3, 5, 3, "a6-1");
        log.merge(3, 5, 3, "a6-1");
        log.merge(4, 6, 3, "x");
        log.merge(2, 6, 3, "y");
        assertEquals(2, log.conflictCount());
        List<CommittedLog.Conflict> conflicts = log.conflicts();
        assertEquals(5, conflicts.get(0).index());
        assertEquals(1, conflicts.get(0).firstNode());
        assertEquals(3, conflicts.get(0).otherNode());
        assertTrue(conflicts.get(1).toString().contains("node 4 has term 3 \"x\", node 2 has "
                + "term 3 \"y\""), conflicts.get(1)::toString);
    }

    @Test
    void conflictsBeyondTheKeptOnesAreStillCounted() {
        // Proves the bound on kept details loses no count.
        CommittedLog log = new CommittedLog();
        for (long index = 1; index <= CommittedLog.MAX_CONFLICTS_KEPT + 5; index++) {
            log.merge(1, index, 1, "a");
            log.merge(2, index, 1, "b");
        }
        assertEquals(CommittedLog.MAX_CONFLICTS_KEPT, log.conflicts().size());
        assertEquals(CommittedLog.MAX_CONFLICTS_KEPT + 5, log.conflictCount());
    }
}
