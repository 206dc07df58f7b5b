package io.raftdeck.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinkFilterTest {

    @Test
    void cutLinksBlockAndHealingRestores() {
        // Proves cut peers are refused, others allowed, and an empty set heals every link.
        LinkFilter filter = new LinkFilter();
        assertTrue(filter.allows(2));
        filter.setCut(List.of(3, 2, 3));
        assertFalse(filter.allows(2));
        assertFalse(filter.allows(3));
        assertTrue(filter.allows(4));
        assertEquals(List.of(2, 3), List.copyOf(filter.cut()));
        filter.setCut(Set.of());
        assertTrue(filter.allows(2) && filter.allows(3));
    }
}
