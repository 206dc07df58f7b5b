package io.raftdeck.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void evenCountMedianIsTheMeanOfTheMiddleTwo() {
        assertEquals(new Spread(4, 10, 25, 40, 40), Spread.of(List.of(30.0, 10.0, 40.0, 20.0)));
    }

    @Test
    void p90IsTheNearestRankValue() {
        // 1..10: 90% of 10 values is the 9th; 1..20: the 18th; 1..11: ceil(9.9) = the 10th.
        assertEquals(new Spread(10, 1, 5.5, 9, 10), Spread.of(values(10)));
        assertEquals(18, Spread.of(values(20)).p90());
        assertEquals(10, Spread.of(values(11)).p90());
    }

    @Test
    void oddAndSingleCounts() {
        assertEquals(new Spread(3, 1, 3, 5, 5), Spread.of(List.of(5.0, 1.0, 3.0)));
        assertEquals(new Spread(1, 7, 7, 7, 7), Spread.of(List.of(7.0)));
        assertThrows(IllegalArgumentException.class, () -> Spread.of(List.of()));
    }

    @Test
    void failoverSummaryShowsBothSpreads() {
        List<FailoverRound> rounds = List.of(
                new FailoverRound(1, 2, 1, 3, 2, 180, 200, 1500),
                new FailoverRound(2, 3, 2, 1, 3, 220, 260, 1400),
                new FailoverRound(3, 1, 3, 4, 4, 300, 310, 1600));
        List<String> lines = FailoverReport.lines(rounds, "SIGKILL", new java.util.TreeMap<>());
        assertEquals("result (3 rounds, leader stopped by SIGKILL):", lines.get(0));
        assertEquals("  kill to new leader seen   min 180.0  median 220.0  p90 300.0  max 300.0 "
                + "(ms)", lines.get(1));
        assertEquals("  kill to first put ok      min 200.0  median 260.0  p90 310.0  max 310.0 "
                + "(ms)", lines.get(2));
        assertTrue(lines.get(3).endsWith("none"), lines::toString);
        assertEquals("  round 2/3: killed node 3 (leader of term 2); node 1 leads term 3 after "
                + "220.0 ms; first put ok after 260.0 ms; node 3 back and caught up in 1.4 s",
                rounds.get(1).describe(3));
    }

    private static List<Double> values(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> (double) i).toList();
    }
}
