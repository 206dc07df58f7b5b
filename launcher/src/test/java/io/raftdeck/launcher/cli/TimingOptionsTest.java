package io.raftdeck.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.node.NodeConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The timing flags and the --slow preset of {@code demo}. */
class TimingOptionsTest {

    @Command(name = "timed")
    static final class Timed {
        @Mixin
        TimingOptions timing;
    }

    private static TimingOptions slowed(String... args) {
        Timed timed = new Timed();
        CommandLine commandLine = new CommandLine(timed);
        commandLine.parseArgs(args);
        timed.timing.slowDown(commandLine.getParseResult());
        return timed.timing;
    }

    @Test
    void slowPresetSlowsEveryTimer() {
        // Proves --slow alone moves tick, heartbeat and both election bounds to the slow pace.
        TimingOptions timing = slowed();
        assertEquals(TimingOptions.SLOW_TICK_MS, timing.tickMs);
        assertEquals(TimingOptions.SLOW_HEARTBEAT_MS, timing.heartbeatMs);
        assertEquals(TimingOptions.SLOW_ELECTION_TIMEOUT_MIN_MS, timing.electionTimeoutMinMs);
        assertEquals(TimingOptions.SLOW_ELECTION_TIMEOUT_MAX_MS, timing.electionTimeoutMaxMs);
    }

    @Test
    void flagsGivenWithSlowWin() {
        // Proves an explicit timing flag keeps its value while the others slow down.
        TimingOptions timing = slowed("--heartbeat-ms", "200", "--tick-ms", "20");
        assertEquals(20, timing.tickMs);
        assertEquals(200, timing.heartbeatMs);
        assertEquals(TimingOptions.SLOW_ELECTION_TIMEOUT_MIN_MS, timing.electionTimeoutMinMs);
        assertEquals(NodeConfig.DEFAULT_MAX_COMMAND_BYTES, timing.maxCommandBytes);
    }

    @Test
    void theDefaultAndTheSlowPaceGiveNoTimingWarning() {
        // Proves the warning's bounds sit well above what the demo itself uses.
        assertEquals(java.util.Optional.empty(), slowed().timingWarning());
        assertEquals(java.util.Optional.empty(), new TimingOptions().timingWarning());
        assertTrue(slowed("--heartbeat-ms", "20000").timingWarning().orElseThrow()
                .contains("heartbeat 20000 ms"));
    }

    @Test
    void snapshotThresholdReachesTheNodeConfiguration() {
        // Proves --snapshot-threshold sets the node's compaction threshold, and the default
        // is the node's own.
        assertEquals(NodeConfig.DEFAULT_SNAPSHOT_THRESHOLD_ENTRIES, slowed()
                .nodeConfig(1, new java.util.TreeMap<>(), null, false)
                .snapshotThresholdEntries());
        assertEquals(250, slowed("--snapshot-threshold", "250")
                .nodeConfig(1, new java.util.TreeMap<>(), null, false)
                .snapshotThresholdEntries());
        assertEquals("--snapshot-threshold must be >= 1, was 0",
                slowed("--snapshot-threshold", "0").firstNonPositive());
    }
}
