package io.raftdeck.launcher.cli;

import io.raftdeck.node.NodeAddress;
import io.raftdeck.node.NodeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The timing and limit flags shared by {@code node}, {@code cluster} and {@code demo}. Only
 * positivity is checked here; the node checks how the values relate (election timeout against
 * heartbeat) and answers with a StartupException, so the rule lives in one place.
 */
public final class TimingOptions {

    @Option(names = "--tick-ms", paramLabel = "MS",
            description = "Length of one Raft tick (default: ${DEFAULT-VALUE}).")
    int tickMs = NodeConfig.DEFAULT_TICK_MS;

    @Option(names = "--heartbeat-ms", paramLabel = "MS",
            description = "Leader heartbeat interval (default: ${DEFAULT-VALUE}).")
    int heartbeatMs = NodeConfig.DEFAULT_HEARTBEAT_MS;

    @Option(names = "--election-timeout-min-ms", paramLabel = "MS",
            description = "Lower bound of the randomized election timeout; must be more than "
                    + "twice the heartbeat (default: ${DEFAULT-VALUE}).")
    int electionTimeoutMinMs = NodeConfig.DEFAULT_ELECTION_TIMEOUT_MIN_MS;

    @Option(names = "--election-timeout-max-ms", paramLabel = "MS",
            description = "Upper bound of the randomized election timeout; must exceed the "
                    + "minimum (default: ${DEFAULT-VALUE}).")
    int electionTimeoutMaxMs = NodeConfig.DEFAULT_ELECTION_TIMEOUT_MAX_MS;

    @Option(names = "--max-command-bytes", paramLabel = "BYTES",
            description = "Largest accepted value (for cas: expected and new together) or "
                    + "free-text command, as the client sends it; the key comes on top. "
                    + "Larger requests get INVALID_ARGUMENT (default: ${DEFAULT-VALUE}).")
    int maxCommandBytes = NodeConfig.DEFAULT_MAX_COMMAND_BYTES;

    @Option(names = "--snapshot-threshold", paramLabel = "ENTRIES",
            description = "Entries applied past the last snapshot after which a node snapshots"
                    + " its state and compacts its log (default: ${DEFAULT-VALUE}).")
    int snapshotThresholdEntries = NodeConfig.DEFAULT_SNAPSHOT_THRESHOLD_ENTRIES;

    /** {@code --slow}: ten times the default timing, slow enough to follow every message. */
    public static final int SLOW_TICK_MS = 50;
    public static final int SLOW_HEARTBEAT_MS = 500;
    public static final int SLOW_ELECTION_TIMEOUT_MIN_MS = 1500;
    public static final int SLOW_ELECTION_TIMEOUT_MAX_MS = 3000;

    /** Switches to the slow timing, except for the flags given on the command line. */
    public void slowDown(ParseResult parsed) {
        if (!parsed.hasMatchedOption("--tick-ms")) {
            tickMs = SLOW_TICK_MS;
        }
        if (!parsed.hasMatchedOption("--heartbeat-ms")) {
            heartbeatMs = SLOW_HEARTBEAT_MS;
        }
        if (!parsed.hasMatchedOption("--election-timeout-min-ms")) {
            electionTimeoutMinMs = SLOW_ELECTION_TIMEOUT_MIN_MS;
        }
        if (!parsed.hasMatchedOption("--election-timeout-max-ms")) {
            electionTimeoutMaxMs = SLOW_ELECTION_TIMEOUT_MAX_MS;
        }
    }

    /*
     * Above these the values are accepted but almost certainly a mistake (seconds typed as
     * milliseconds times a thousand, say): a dead leader is replaced only after an election
     * timeout. They sit far above the --slow teaching pace (tick 50 ms, heartbeat 500 ms,
     * election timeout 1.5..3 s) and near etcd's own ceiling of 50 s for an election timeout.
     */
    public static final int SANE_TICK_MS = 1_000;
    public static final int SANE_HEARTBEAT_MS = 10_000;
    public static final int SANE_ELECTION_TIMEOUT_MS = 60_000;

    /**
     * One line for the start of a run when the timing is far beyond any sane pace, empty
     * otherwise. The values are still used: a user may mean them.
     */
    public Optional<String> timingWarning() {
        List<String> slow = new ArrayList<>();
        if (tickMs > SANE_TICK_MS) {
            slow.add("tick " + tickMs + " ms (sane up to " + SANE_TICK_MS + ")");
        }
        if (heartbeatMs > SANE_HEARTBEAT_MS) {
            slow.add("heartbeat " + heartbeatMs + " ms (sane up to " + SANE_HEARTBEAT_MS + ")");
        }
        if (electionTimeoutMaxMs > SANE_ELECTION_TIMEOUT_MS) {
            slow.add("election timeout " + electionTimeoutMinMs + ".." + electionTimeoutMaxMs
                    + " ms (sane up to " + SANE_ELECTION_TIMEOUT_MS + ")");
        }
        if (slow.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("warning: unusually slow timing: " + String.join(", ", slow)
                + "; a leader that dies is replaced only after an election timeout. Using it"
                + " as given.");
    }

    /** Returns the first flag that is not positive, as a one-line message, or null. */
    public String firstNonPositive() {
        String[] names = {"--tick-ms", "--heartbeat-ms", "--election-timeout-min-ms",
            "--election-timeout-max-ms", "--max-command-bytes", "--snapshot-threshold"};
        int[] values = {tickMs, heartbeatMs, electionTimeoutMinMs, electionTimeoutMaxMs,
            maxCommandBytes, snapshotThresholdEntries};
        for (int i = 0; i < names.length; i++) {
            if (values[i] < 1) {
                return names[i] + " must be >= 1, was " + values[i];
            }
        }
        return null;
    }

    public NodeConfig nodeConfig(int id, SortedMap<Integer, NodeAddress> members, Path dataDir,
            boolean allowFaults) {
        // Distinct seeds per node and per run, so nodes started together do not time out
        // in lock-step and split votes.
        long randomSeed = ThreadLocalRandom.current().nextLong() ^ id;
        return new NodeConfig(id, members, dataDir, tickMs, heartbeatMs, electionTimeoutMinMs,
                electionTimeoutMaxMs, allowFaults, maxCommandBytes, randomSeed)
                .withCompaction(snapshotThresholdEntries, NodeConfig.DEFAULT_WAL_SEGMENT_BYTES);
    }
}
