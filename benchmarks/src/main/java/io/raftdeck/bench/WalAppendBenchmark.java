package io.raftdeck.bench;

import io.raftdeck.storage.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The durable write at the heart of every commit: {@link WriteAheadLog} save of a batch of
 * {@code entriesPerSave} entries (64-byte values) and a hard state, one fdatasync each, on a
 * real disk (see {@link WalBatchLoad}). ops/s is saves (fsyncs) per second; {@code :entries} is log
 * entries per second, what group commit multiplies.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
// fsync latency varies more than CPU work does: more, longer measurement iterations.
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 2)
public class WalAppendBenchmark {

    /** The node's default segment size, so rolling to a new segment is as rare as in use. */
    static final long SEGMENT_BYTES = WriteAheadLog.DEFAULT_SEGMENT_BYTES;
    /** Disk use bound: about this much plus a segment, whatever the disk's speed. */
    static final long COMPACT_AFTER_BYTES = 128L << 20;

    @Param({"1", "16", "256"})
    public int entriesPerSave;

    private Path directory;
    /** The temporary directory holding {@link #directory}, when the benchmark made it. */
    private Path root;
    private WalBatchLoad load;

    @Setup(Level.Trial)
    public void openWal() throws IOException {
        // The WAL creates its own directory (it refuses an empty one as a deleted log).
        root = BenchDirectory.createOnRealDisk("raftdeck-wal-bench-");
        openWal(root.resolve("wal"));
    }

    /** The same in a directory of the caller's choosing (the sanity test's). */
    void openWal(Path emptyDirectory) throws IOException {
        directory = emptyDirectory;
        load = WalBatchLoad.open(directory, entriesPerSave, SEGMENT_BYTES, COMPACT_AFTER_BYTES);
    }

    @Benchmark
    public long save(EntryCounter counter) {
        long lastIndex = load.saveBatch();
        counter.entries += entriesPerSave;
        return lastIndex;
    }

    @TearDown(Level.Trial)
    public void deleteWal() throws IOException {
        if (load != null) {
            load.close();
            load = null;
        }
        BenchDirectory.delete(directory);
        if (root != null) {
            BenchDirectory.delete(root);
            root = null;
        }
    }

    Path directory() {
        return directory;
    }
}
