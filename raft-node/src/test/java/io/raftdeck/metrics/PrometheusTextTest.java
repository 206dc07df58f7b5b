package io.raftdeck.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test parser accepts the format and refuses what Prometheus would refuse. */
class PrometheusTextTest {

    @Test
    void parsesFamiliesWithTheirSuffixesAndLabels() {
        Map<String, Double> samples = PrometheusText.parse("""
                # HELP a_total things
                # TYPE a_total counter
                a_total 3.0
                # TYPE h histogram
                h_bucket{le="0.5",to="2"} 1
                h_bucket{le="+Inf",to="2"} 2
                h_count{to="2"} 2
                h_sum{to="2"} 0.75
                # TYPE g gauge
                g{x="a\\"b"} -1e-3
                """);
        assertEquals(3.0, samples.get("a_total"));
        assertEquals(2.0, samples.get("h_bucket{le=\"+Inf\",to=\"2\"}"));
        assertEquals(-0.001, samples.get("g{x=\"a\\\"b\"}"));
    }

    @Test
    void refusesMalformedExpositions() {
        assertThrows(IllegalArgumentException.class,
                () -> PrometheusText.parse("g 1\n"), "no TYPE");
        assertThrows(IllegalArgumentException.class,
                () -> PrometheusText.parse("# TYPE h histogram\nh 1\n"), "histogram suffix");
        assertThrows(IllegalArgumentException.class,
                () -> PrometheusText.parse("# TYPE g gauge\ng{a=b} 1\n"), "unquoted label");
        assertThrows(IllegalArgumentException.class,
                () -> PrometheusText.parse("# TYPE g gauge\ng one\n"), "value");
        assertThrows(IllegalArgumentException.class,
                () -> PrometheusText.parse("# TYPE g gauge\ng 1\ng 2\n"), "twice");
        assertThrows(IllegalArgumentException.class,
                () -> PrometheusText.parse("# TYPE g gauge\ng 1"), "no final line break");
        assertThrows(IllegalArgumentException.class,
                () -> PrometheusText.parse("# TYPE g gauge\n\ng 1\n"), "blank line");
    }
}
