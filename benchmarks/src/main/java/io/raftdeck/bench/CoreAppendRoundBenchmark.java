package io.raftdeck.bench;

import io.raftdeck.core.Entry;
import io.raftdeck.core.events.EventSink;
import io.raftdeck.core.events.RaftEvent;
import io.raftdeck.node.NodeConfig;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The consensus core's own CPU cost for one append round of a five-member cluster's leader
 * (see {@link LeaderRounds}): propose {@code batch} commands, hand out the appends, step four
 * acknowledgements, hand out the commit. ops/s is rounds per second; {@code :entries} is
 * committed entries per second. {@code events}: {@code none} is a node nobody watches (the
 * core asks its sink and builds nothing), {@code listening} one with a subscriber, where every
 * decision becomes an event record (counted here; rendering it is the stream's work, on its
 * own thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
// The JIT needs two to three seconds on a busy two-core machine before rounds run at speed.
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CoreAppendRoundBenchmark {

    /** Compaction as often as a node with the default snapshot threshold does it. */
    static final long COMPACT_EVERY_ENTRIES = NodeConfig.DEFAULT_SNAPSHOT_THRESHOLD_ENTRIES;

    @Param({"1", "64"})
    public int batch;

    @Param({"none", "listening"})
    public String events;

    private LeaderRounds leader;
    /** Events the listening sink received; read so that the JIT cannot drop them. */
    public long eventsReceived;

    @Setup(Level.Trial)
    public void electLeader() {
        leader = new LeaderRounds(batch, COMPACT_EVERY_ENTRIES);
        if ("listening".equals(events)) {
            leader.core().reportTo(new EventSink() {
                @Override
                public boolean listening() {
                    return true;
                }

                @Override
                public void emit(RaftEvent event) {
                    eventsReceived++;
                }
            });
        }
    }

    @Benchmark
    public List<Entry> appendRound(EntryCounter counter) {
        List<Entry> committed = leader.round();
        counter.entries += committed.size();
        return committed;
    }

    LeaderRounds leader() {
        return leader;
    }
}
