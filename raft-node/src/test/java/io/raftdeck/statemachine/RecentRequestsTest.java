package io.raftdeck.statemachine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentRequestsTest {

    private static final ClientRequestId REQUEST = new ClientRequestId(0x5eed, 1);

    private final RecentRequests table = new RecentRequests();
    private final AtomicInteger applications = new AtomicInteger();

    private ApplyResult apply(ClientRequestId request, long index) {
        table.expire(index);
        return table.apply(request, index, 1, () -> {
            applications.incrementAndGet();
            return new ApplyResult(index, 1, false, null);
        });
    }

    @Test
    void aRepeatGetsTheFirstResultWithoutApplyingAgain() {
        // Proves a request applies at its first entry only; a repeat gets that entry's result.
        ApplyResult first = apply(REQUEST, 3);
        ApplyResult repeat = apply(REQUEST, 9);
        assertEquals(1, applications.get());
        assertEquals(first, repeat);
        assertEquals(3, table.result(REQUEST).orElseThrow().index());
    }

    @Test
    void aRequestIsForgottenOnlyAfterTheExpiryInLogEntries() {
        // Proves the table remembers a request for EXPIRY_ENTRIES entries, the same everywhere.
        apply(REQUEST, 1);
        apply(new ClientRequestId(0x5eed, 2), 1 + RecentRequests.EXPIRY_ENTRIES);
        assertTrue(table.result(REQUEST).isPresent(), "still within the expiry");
        apply(new ClientRequestId(0x5eed, 3), 2 + RecentRequests.EXPIRY_ENTRIES);
        assertTrue(table.result(REQUEST).isEmpty());
        assertEquals(2, table.size());
    }

    @Test
    void restoredTablesMustBeInApplyOrderWithinTheExpiry() {
        // Proves a snapshot's table with a repeat, a step back or too wide a span is refused.
        ApplyResult at1 = new ApplyResult(1, 1, false, null);
        ApplyResult at2 = new ApplyResult(2, 1, false, null);
        ClientRequestId other = new ClientRequestId(0x5eed, 2);
        assertEquals(2, RecentRequests.restored(List.of(Map.entry(REQUEST, at1),
                Map.entry(other, at2))).size());
        assertThrows(IllegalArgumentException.class, () -> RecentRequests.restored(List.of(
                Map.entry(REQUEST, at1), Map.entry(REQUEST, at2))));
        assertThrows(IllegalArgumentException.class, () -> RecentRequests.restored(List.of(
                Map.entry(REQUEST, at2), Map.entry(other, at1))));
        ApplyResult late = new ApplyResult(3 + RecentRequests.EXPIRY_ENTRIES, 1, false, null);
        assertThrows(IllegalArgumentException.class, () -> RecentRequests.restored(List.of(
                Map.entry(REQUEST, at2), Map.entry(other, late))));
    }
}
