package io.raftdeck.console.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinkPlanTest {

    private static final List<Integer> FIVE = List.of(1, 2, 3, 4, 5);

    @Test
    void isolateCutsTheNodeOnBothEndsAndKeepsOtherCuts() {
        // Proves isolation cuts node 3 from everyone, on its side and on each peer's side,
        // without healing a cut that was already there.
        LinkPlan plan = LinkPlan.isolate(3, FIVE, Map.of(1, List.of(5), 5, List.of(1)));
        assertEquals(Set.of(1, 2, 4, 5), plan.cutsByNode().get(3));
        assertEquals(Set.of(3, 5), plan.cutsByNode().get(1));
        assertEquals(Set.of(3), plan.cutsByNode().get(2));
        assertEquals(Set.of(1, 3), plan.cutsByNode().get(5));
        assertEquals("isolate node 3", plan.description());
    }

    @Test
    void splitPutsTheSelectedNodeInTheLargestMinority() {
        // Proves a 5-node split is 2 | 3 with the selected node and the next id in the 2.
        LinkPlan plan = LinkPlan.split(5, FIVE);
        assertEquals(Set.of(5, 1), LinkPlan.minority(5, FIVE));
        assertEquals(Set.of(2, 3, 4), plan.cutsByNode().get(5));
        assertEquals(Set.of(2, 3, 4), plan.cutsByNode().get(1));
        assertEquals(Set.of(1, 5), plan.cutsByNode().get(3));
        assertEquals("split {2,3,4} | {1,5}", plan.description());
    }

    @Test
    void splitOfThreeLeavesOneAlone() {
        // Proves with three nodes the minority is the selected node alone.
        assertEquals(Set.of(2), LinkPlan.minority(2, List.of(1, 2, 3)));
    }

    @Test
    void healClearsEveryNode() {
        // Proves heal sends an empty cut set to every node.
        LinkPlan plan = LinkPlan.heal(FIVE);
        assertEquals(5, plan.cutsByNode().size());
        plan.cutsByNode().values().forEach(cut -> assertEquals(Set.of(), cut));
    }

    @Test
    void unknownNodeIsRefused() {
        // Proves a plan for a node outside the cluster is an error, not a silent no-op.
        assertThrows(IllegalArgumentException.class, () -> LinkPlan.split(9, FIVE));
        assertThrows(IllegalArgumentException.class, () -> LinkPlan.split(1, List.of(1)));
    }
}
