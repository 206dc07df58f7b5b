package io.raftdeck.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Log entries handled, reported by JMH beside the benchmark's own ops/s as a second rate
 * ({@code :entries}, in entries/s): one operation moves a whole batch, so ops/s alone would
 * hide what batching buys.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class EntryCounter {

    /** Read by JMH through reflection; public by its rules. */
    public long entries;

    @Setup(Level.Iteration)
    public void reset() {
        entries = 0;
    }
}
