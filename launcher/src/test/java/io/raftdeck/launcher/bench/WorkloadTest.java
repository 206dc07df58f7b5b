package io.raftdeck.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static BenchSettings settings(BenchOp op, int keys, int keySize, int valueSize) {
        return new BenchSettings(1, 1, 0, keySize, valueSize, keys, op, 99, 1, 1000);
    }

    @Test
    void keysAreZeroPaddedToTheirSizeAndDrawnFromTheKeySpace() {
        assertEquals("0000000000000042", Workload.key(42, 16));
        assertEquals("7", Workload.key(7, 1));
        assertThrows(IllegalArgumentException.class, () -> Workload.key(1000, 3));
        Workload workload = new Workload(settings(BenchOp.PUT, 5, 16, 64), 0);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String key = workload.nextKey();
            assertEquals(16, key.length());
            seen.add(key);
        }
        assertEquals(Set.of("0000000000000000", "0000000000000001", "0000000000000002",
                "0000000000000003", "0000000000000004"), seen);
        assertEquals(64, workload.value().size());
        assertEquals(3, BenchSettings.digitsFor(1000));
        assertEquals(1, BenchSettings.digitsFor(1));
    }

    @Test
    void theOpDecidesWhatEachRequestIs() {
        Workload puts = new Workload(settings(BenchOp.PUT, 10, 4, 8), 0);
        Workload gets = new Workload(settings(BenchOp.GET, 10, 4, 8), 0);
        Workload mixed = new Workload(settings(BenchOp.MIXED, 10, 4, 8), 0);
        int mixedPuts = 0;
        for (int i = 0; i < 1000; i++) {
            assertTrue(puts.nextIsPut());
            assertTrue(!gets.nextIsPut());
            mixedPuts += mixed.nextIsPut() ? 1 : 0;
        }
        assertTrue(mixedPuts > 400 && mixedPuts < 600, "about half: " + mixedPuts);
    }

    @Test
    void aSeedRepeatsTheSameRequests() {
        Workload first = new Workload(settings(BenchOp.MIXED, 1000, 16, 64), 3);
        Workload again = new Workload(settings(BenchOp.MIXED, 1000, 16, 64), 3);
        assertEquals(first.value(), again.value());
        for (int i = 0; i < 100; i++) {
            assertEquals(first.nextKey(), again.nextKey());
            assertEquals(first.nextIsPut(), again.nextIsPut());
        }
    }

    @Test
    void errorKindsAddUpAcrossNodeIdsAndNameTheirCode() {
        assertEquals("UNAVAILABLE: node N is not the leader (leader is node N)", ErrorKind.of(
                Status.UNAVAILABLE.withDescription("node 3 is not the leader (leader is node 2)")
                        .asRuntimeException()));
        assertEquals("DEADLINE_EXCEEDED: no answer before the request's deadline",
                ErrorKind.of(Status.DEADLINE_EXCEEDED.asRuntimeException()));
        assertEquals("INTERNAL", ErrorKind.of(Status.INTERNAL.asRuntimeException()));
        assertTrue(ErrorKind.endsTheRun(Status.INVALID_ARGUMENT.asRuntimeException()));
        assertTrue(!ErrorKind.endsTheRun(Status.UNAVAILABLE.asRuntimeException()));
    }
}
