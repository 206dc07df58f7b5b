package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import io.raftdeck.core.RaftCore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
}
