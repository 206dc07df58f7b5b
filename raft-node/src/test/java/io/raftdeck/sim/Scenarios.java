package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.HardState;
import io.raftdeck.core.RaftCore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Conditions and set-up steps that scenario tests share. */
final class Scenarios {

    private Scenarios() {
    }

    /** Whether {@code leader} leads and every live node follows it, in its term. */
    static boolean everyUpNodeFollows(SimCluster cluster, int leader) {
        if (leader == 0) {
            return false;
        }
        long term = cluster.node(leader).core.term();
        for (int id : cluster.upNodes()) {
            RaftCore core = cluster.node(id).core;
            if (core.leaderId() != leader || core.term() != term) {
                return false;
            }
        }
        return true;
    }

    /** Whether every live node applied a command with this text. */
    static boolean everyNodeApplied(SimCluster cluster, String command) {
        return cluster.upNodes().stream().allMatch(id -> cluster.applied(id, command));
    }

    /** The whole in-memory log of a live node. */
    static List<Entry> logOf(SimCluster cluster, int id) {
        return cluster.node(id).core.entries(1, Long.MAX_VALUE);
    }

    /** The texts of the command entries, in log order (no-ops left out). */
    static List<String> commands(List<Entry> entries) {
        List<String> commands = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.type() == EntryType.COMMAND) {
                commands.add(new String(entry.data(), StandardCharsets.UTF_8));
            }
        }
        return commands;
    }

    /** Cuts every link among these nodes, both ways; their links to others stay. */
    static void cutAllLinksBetween(SimCluster cluster, List<Integer> nodes) {
        for (int a : nodes) {
            for (int b : nodes) {
                if (a < b) {
                    cluster.network.cut(a, b);
                }
            }
        }
    }

    /** Every live node applied exactly {@code entry} at its index. */
    static boolean everyNodeAppliedAt(SimCluster cluster, Entry entry) {
        for (int id : cluster.upNodes()) {
            List<Entry> applied = cluster.node(id).applied;
            if (applied.size() < entry.index()
                    || !applied.get((int) entry.index() - 1).equals(entry)) {
                return false;
            }
        }
        return true;
    }

    /** Crashes each listed node, gives it the given log and hard state, and restarts it. */
    static void installDisks(SimCluster cluster, Map<Integer, List<Entry>> logs,
                             HardState hardState) {
        for (Map.Entry<Integer, List<Entry>> disk : logs.entrySet()) {
            cluster.crash(disk.getKey());
            cluster.replaceDisk(disk.getKey(), hardState, disk.getValue());
            cluster.restart(disk.getKey());
        }
    }
}
