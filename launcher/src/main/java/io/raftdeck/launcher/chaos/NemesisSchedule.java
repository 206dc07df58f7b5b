package io.raftdeck.launcher.chaos;

import io.raftdeck.launcher.localcluster.LocalCluster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of a run, one at a time, drawn from a seed: the same seed, run length and nodes
 * give the same schedule, so a failing run can be repeated. Each fault is healed before the
 * next starts, and the last one ends early enough to leave the workload a healthy tail.
 */
public final class NemesisSchedule {

    /** Workload time before the first fault: the clients first see a healthy cluster. */
    static final long FIRST_FAULT_MS = 1_000;
    static final long MIN_GAP_MS = 500;
    static final long MAX_GAP_MS = 2_000;
    /** Long enough for elections to run their course, short enough for many faults a run. */
    static final long MIN_DURATION_MS = 1_000;
    static final long MAX_DURATION_MS = 4_000;
    /** Healthy workload time after the last fault is healed. */
    static final long HEALTHY_TAIL_MS = 1_000;

    private NemesisSchedule() {
    }

    /** Whether {@code cluster} takes the process faults (kill, pause): only nodes we run do. */
    public static boolean processFaults(LocalCluster cluster) {
        return cluster.canKill() && cluster.canPause();
    }

    /**
     * @param seed      the run's seed
     * @param runMs     how long the workload runs
     * @param nodeIds   the cluster's node ids
     * @param processes whether process faults (kill, pause) are possible
     */
    public static List<PlannedFault> plan(long seed, long runMs, List<Integer> nodeIds,
            boolean processes) {
        FaultKind[] kinds = Arrays.stream(FaultKind.values())
                .filter(kind -> processes || !kind.needsProcesses())
                .toArray(FaultKind[]::new);
        Random random = new Random(seed);
        List<PlannedFault> faults = new ArrayList<>();
        long atMs = FIRST_FAULT_MS;
        while (true) {
            FaultKind kind = kinds[random.nextInt(kinds.length)];
            long durationMs = kind == FaultKind.TRANSFER ? 0
                    : between(random, MIN_DURATION_MS, MAX_DURATION_MS);
            if (atMs + durationMs > runMs - HEALTHY_TAIL_MS) {
                return faults;
            }
            faults.add(new PlannedFault(kind, atMs, durationMs, targets(kind, random, nodeIds)));
            atMs += durationMs + between(random, MIN_GAP_MS, MAX_GAP_MS);
        }
    }

    private static List<Integer> targets(FaultKind kind, Random random, List<Integer> nodeIds) {
        List<Integer> shuffled = new ArrayList<>(nodeIds);
        Collections.shuffle(shuffled, random);
        return switch (kind) {
            case ISOLATE_LEADER -> List.of();
            // A minority: fewer than half, at least one (two of five).
            case SPLIT -> shuffled.subList(0, Math.max(1, (nodeIds.size() - 1) / 2)).stream()
                    .sorted().toList();
            default -> List.of(shuffled.get(0));
        };
    }

    private static long between(Random random, long lowest, long highest) {
        return lowest + (long) (random.nextDouble() * (highest - lowest));
    }
}
