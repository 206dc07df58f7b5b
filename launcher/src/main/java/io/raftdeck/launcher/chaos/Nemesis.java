package io.raftdeck.launcher.chaos;

import io.raftdeck.launcher.localcluster.LocalCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a fault schedule against the cluster, one fault at a time, each healed after its
 * planned duration (or at once when the run is stopped). A fault that cannot be injected, e.g.
 * isolate-leader while there is no leader, is recorded with the reason and skipped.
 */
final class Nemesis implements Runnable {

    static final String INJECT_FAILED = "inject failed: ";

    private final List<PlannedFault> schedule;
    private final LocalCluster nodes;
    private final ClusterAdmin admin;
    private final long startNanos;
    private final List<InjectedFault> injected = new ArrayList<>();
    private volatile boolean stopped;

    Nemesis(List<PlannedFault> schedule, LocalCluster nodes, ClusterAdmin admin, long startNanos) {
        this.schedule = List.copyOf(schedule);
        this.nodes = nodes;
        this.admin = admin;
        this.startNanos = startNanos;
    }

    /** Ends the current fault early (it is still healed) and starts no other. */
    void stop() {
        stopped = true;
    }

    synchronized List<InjectedFault> injected() {
        return new ArrayList<>(injected);
    }

    @Override
    public void run() {
        for (PlannedFault fault : schedule) {
            if (!sleepUntil(fault.startMs())) {
                return;
            }
            long injectedMs = nowMs();
            List<Integer> hit = fault.nodes();
            String note = "";
            try {
                hit = inject(fault);
                sleepUntil(fault.endMs());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                stopped = true;
            } catch (Exception failed) {
                note = INJECT_FAILED + failed.getMessage();
            }
            String healNote = heal(fault.kind(), hit);
            note = String.join("; ", List.of(note, healNote).stream()
                    .filter(text -> !text.isEmpty()).toList());
            synchronized (this) {
                injected.add(new InjectedFault(fault.kind(), hit, injectedMs, nowMs(), note));
            }
        }
    }

    /** Injects the fault; returns the nodes it hit (found now for leader-dependent kinds). */
    private List<Integer> inject(PlannedFault fault) throws Exception {
        int node = fault.nodes().isEmpty() ? 0 : fault.nodes().get(0);
        switch (fault.kind()) {
            case KILL -> nodes.kill(node);
            case PAUSE -> nodes.pause(node);
            case ISOLATE, SPLIT -> requireNoFailures(admin.separate(fault.nodes()));
            case ISOLATE_LEADER -> {
                int leader = currentLeader();
                requireNoFailures(admin.separate(List.of(leader)));
                return List.of(leader);
            }
            case TRANSFER -> {
                int leader = currentLeader();
                int target = node != leader ? node : nextAfter(leader);
                admin.transfer(leader, target);
                return List.of(leader, target);
            }
            default -> throw new IllegalStateException("unknown fault " + fault.kind());
        }
        return fault.nodes();
    }

    /** Heals the fault; returns what went wrong, or "" when it was healed cleanly. */
    private String heal(FaultKind kind, List<Integer> hit) {
        try {
            switch (kind) {
                case KILL -> nodes.restart(hit.get(0));
                case PAUSE -> nodes.resume(hit.get(0));
                case ISOLATE, SPLIT, ISOLATE_LEADER -> requireNoFailures(admin.healLinks());
                case TRANSFER -> { }
                default -> throw new IllegalStateException("unknown fault " + kind);
            }
            return "";
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "heal interrupted";
        } catch (Exception failed) {
            return "heal failed: " + failed.getMessage();
        }
    }

    private int currentLeader() throws InterruptedException {
        Optional<Integer> leader = admin.leader();
        return leader.orElseThrow(() -> new IllegalStateException("no leader"));
    }

    private int nextAfter(int id) {
        List<Integer> ids = List.copyOf(nodes.members().keySet());
        return ids.get((ids.indexOf(id) + 1) % ids.size());
    }

    private static void requireNoFailures(List<String> failures) {
        if (!failures.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failures));
        }
    }

    /** False when the run was stopped before {@code atMs}. */
    private boolean sleepUntil(long atMs) {
        while (!stopped && !Thread.currentThread().isInterrupted()) {
            long leftMs = atMs - nowMs();
            if (leftMs <= 0) {
                return true;
            }
            LockSupport.parkNanos(Math.min(leftMs, 50) * 1_000_000);
        }
        return false;
    }

    private long nowMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
