package io.raftdeck.history;

import static io.raftdeck.history.Outcome.OK;
import static io.raftdeck.history.Outcome.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which parts of a history still mean what the whole did. */
class ExplainingWritesTest {

    private static List<Operation> pick(List<Operation> all, int... ids) {
        return Arrays.stream(ids).mapToObj(id -> all.get(id - 1)).toList();
    }

    @Test
    void aReadNeedsTheLastWriteItCouldHaveSeenNotJustAnyWriteOfItsValue() {
        // Proves the rule: absent was last written by the second delete, so the first won't do.
        List<Operation> all = new HistoryBuilder()
                .delete(1, "x", 0, 1, OK)
                .put(2, "x", "a", 2, 3, OK)
                .delete(1, "x", 4, 5, OK)
                .get(3, "x", null, 6, 7)
                .build().operations();
        ExplainingWrites explaining = new ExplainingWrites(all);
        assertFalse(explaining.explains(pick(all, 1, 2, 4)), "would invent a stale read");
        assertTrue(explaining.explains(pick(all, 3, 4)));
        assertTrue(explaining.explains(pick(all, 1, 2, 3, 4)));
        assertFalse(explaining.explains(pick(all, 4)), "a read is shown with a write it saw");
    }

    @Test
    void aSupersededWriteIsOptionalButAnUnknownOneNeverIsSuperseded() {
        // Proves superseding needs a write that surely took effect in between (b may be last).
        List<Operation> sure = new HistoryBuilder()
                .put(1, "x", "a", 0, 1, OK)
                .put(2, "x", "a", 2, 3, OK)
                .put(3, "x", "b", 4, 8, OK)
                .get(4, "x", "a", 6, 7)
                .build().operations();
        ExplainingWrites explaining = new ExplainingWrites(sure);
        assertTrue(explaining.explains(pick(sure, 2, 3, 4)), "a's first write is superseded");
        assertFalse(explaining.explains(pick(sure, 1, 3, 4)), "a's second write is not");
        List<Operation> unknown = new HistoryBuilder()
                .put(1, "x", "a", 0, 1, UNKNOWN)
                .put(2, "x", "a", 2, 3, OK)
                .put(3, "x", "b", 4, 8, OK)
                .get(4, "x", "a", 6, 7)
                .build().operations();
        assertFalse(new ExplainingWrites(unknown).explains(pick(unknown, 2, 3, 4)),
                "an unknown write may take effect at any later time");
    }

    @Test
    void aFailedWriteIsNeverNeededUnlessItIsTheOnlyWriteOfTheValue() {
        // Proves failed writes only serve to show where a value came from.
        List<Operation> all = new HistoryBuilder()
                .delete(1, "x", 0, 1, Outcome.FAIL)
                .put(2, "x", "a", 2, 3, Outcome.FAIL)
                .delete(1, "x", 2, 10, OK)
                .get(3, "x", null, 4, 5)
                .get(4, "x", "a", 6, 7)
                .build().operations();
        ExplainingWrites explaining = new ExplainingWrites(all);
        assertTrue(explaining.explains(pick(all, 3, 4)), "the failed delete is not needed");
        assertFalse(explaining.explains(pick(all, 5)), "the read is shown with the failed put");
        assertTrue(explaining.explains(pick(all, 2, 5)));
    }

    @Test
    void writesInvokedAfterTheReadCompletedAreNotNeeded() {
        // Proves a read cannot see the future, so its part need not include it.
        List<Operation> all = new HistoryBuilder()
                .put(1, "x", "a", 0, 1, OK)
                .get(2, "x", "a", 2, 3)
                .put(1, "x", "a", 4, 5, OK)
                .build().operations();
        assertTrue(new ExplainingWrites(all).explains(pick(all, 1, 2)));
    }
}
