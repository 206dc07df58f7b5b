package io.raftdeck.console.poller;

import io.raftdeck.console.model.EventKind;
import io.raftdeck.console.model.Leadership;
import io.raftdeck.console.model.NodeState;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.Reachability;
import io.raftdeck.console.model.Role;
import io.raftdeck.console.model.TimelineEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns successive cluster snapshots into timeline events by comparing each with the one
 * before, for what the nodes cannot tell themselves (their own events, with reasons, come
 * from {@link EventStreams}): leaders as the cluster agrees on them (with how long it had
 * none), nodes going down, not answering and coming back, logs compacted, partitions and
 * heals. Deterministic: the same snapshots give the same events.
 * Used by the poller thread only.
 */
public final class EventDeriver {

    private List<NodeView> previous;
    private NodeView previousLeader;
    private Instant leaderlessSince;
    private NetworkCuts lastSeenCuts = NetworkCuts.NONE;
    private NetworkCuts reportedCuts = NetworkCuts.NONE;

    /** Records the snapshot taken at {@code now} and returns what changed since the last one. */
    public List<TimelineEvent> observe(List<NodeView> nodes, Instant now) {
        if (previous != null && previous.size() != nodes.size()) {
            throw new IllegalArgumentException("the node list changed size between snapshots");
        }
        List<TimelineEvent> events = new ArrayList<>();
        if (previous != null) {
            for (int index = 0; index < nodes.size(); index++) {
                nodeEvents(previous.get(index), nodes.get(index), now, events);
            }
        }
        leaderEvents(nodes, now, events);
        networkEvents(nodes, now, events);
        previous = List.copyOf(nodes);
        return events;
    }

    private void nodeEvents(NodeView before, NodeView after, Instant now,
            List<TimelineEvent> events) {
        Reachability was = before.reachability();
        Reachability is = after.reachability();
        int id = after.id();
        if (is == Reachability.DOWN && was != Reachability.DOWN) {
            add(events, now, EventKind.NODE, "node " + id + " is down");
        } else if (is == Reachability.UNREACHABLE && was != Reachability.UNREACHABLE
                && was != Reachability.DOWN) {
            String verb = was.answers() ? " stopped answering: " : " does not answer: ";
            add(events, now, EventKind.NODE, "node " + id + verb + after.problem());
        } else if (stoppedNow(before, after)) {
            add(events, now, EventKind.NODE, "node " + id + " stopped: "
                    + after.state().failure());
        } else if (after.answers()
                && (was == Reachability.DOWN || was == Reachability.UNREACHABLE)) {
            NodeState state = after.state();
            add(events, now, EventKind.NODE, "node " + id + " is back: "
                    + roleWord(state.role()) + " in term " + state.term());
        }
        if (before.answers() && after.answers()) {
            compactionEvents(id, before.state(), after.state(), now, events);
        }
        if (after.answers() && after.state().refusedBy().size() > 0
                && (!before.answers() || before.state().refusedBy().isEmpty())) {
            add(events, now, EventKind.NODE, "node " + id + " is refused by node(s) "
                    + after.state().refusedBy() + ": it came back without its data (emptied"
                    + " or replaced data dir), so its votes and acknowledgements do not count");
        }
    }

    /** A node that says STOPPED now and did not in the answer before (or gave none). */
    private static boolean stoppedNow(NodeView before, NodeView after) {
        return after.answers() && after.state().role() == Role.STOPPED
                && (!before.answers() || before.state().role() != Role.STOPPED);
    }

    /**
     * A snapshot index that moves without a snapshot installed from the leader (which the node
     * reports itself): the node compacted its own log.
     */
    private static void compactionEvents(int id, NodeState before, NodeState after,
            Instant now, List<TimelineEvent> events) {
        if (after.snapshotIndex() > before.snapshotIndex()
                && after.snapshotsInstalled() == before.snapshotsInstalled()) {
            add(events, now, EventKind.NODE, "node " + id + " compacted its log into a snapshot"
                    + " up to index " + after.snapshotIndex());
        }
    }

    private void leaderEvents(List<NodeView> nodes, Instant now, List<TimelineEvent> events) {
        Optional<NodeView> leader = Leadership.currentLeader(nodes);
        if (leader.isPresent()) {
            NodeView current = leader.get();
            if (!sameLeadership(previousLeader, current)) {
                add(events, now, EventKind.LEADER, electedText(current, now));
            }
            previousLeader = current;
            leaderlessSince = null;
            return;
        }
        // Only count from a moment someone answered: before that nothing is known, and a
        // dashboard attaching to a cluster must not report its own start-up as an outage.
        boolean anyAnswers = nodes.stream().anyMatch(NodeView::answers);
        if (leaderlessSince == null && anyAnswers) {
            leaderlessSince = now;
            if (previousLeader != null) {
                add(events, now, EventKind.LEADER, lostText(previousLeader, nodes));
            }
        }
        previousLeader = null;
    }

    private String electedText(NodeView leader, Instant now) {
        String text = "node " + leader.id() + " is leader for term " + leader.state().term();
        if (leaderlessSince != null && previous != null) {
            long leaderlessMs = Duration.between(leaderlessSince, now).toMillis();
            return text + " after " + leaderlessMs + " ms without a leader";
        }
        if (previousLeader != null) {
            return text + ", taking over from node " + previousLeader.id();
        }
        return text;
    }

    private static String lostText(NodeView formerLeader, List<NodeView> nodes) {
        String who = "leader " + formerLeader.id() + " (term " + formerLeader.state().term()
                + ")";
        Optional<NodeView> former = nodes.stream()
                .filter(node -> node.id() == formerLeader.id()).findFirst();
        if (former.isPresent() && former.get().answers()
                && former.get().state().role() == Role.STOPPED) {
            return who + " stopped; no leader now";
        }
        Reachability now = former.map(NodeView::reachability).orElse(Reachability.UNREACHABLE);
        String why = switch (now) {
            case DOWN -> " is down";
            case UNREACHABLE, WAITING -> " is not answering";
            case ISOLATED -> " is isolated";
            case UP -> " was overtaken by a newer term";
        };
        return who + why + "; no leader now";
    }

    /**
     * Reports the cut links once they have been the same in two snapshots in a row: SetLinks
     * reaches the nodes one by one, and the half-applied states in between are not news.
     */
    private void networkEvents(List<NodeView> nodes, Instant now, List<TimelineEvent> events) {
        NetworkCuts cuts = NetworkCuts.of(nodes);
        if (cuts.equals(lastSeenCuts) && !cuts.equals(reportedCuts)) {
            List<Integer> ids = nodes.stream().map(NodeView::id).toList();
            String text = cuts.isEmpty() ? "network healed: all links up" : cuts.describe(ids);
            add(events, now, EventKind.NETWORK, text);
            reportedCuts = cuts;
        }
        lastSeenCuts = cuts;
    }

    private static boolean sameLeadership(NodeView before, NodeView after) {
        return before != null && before.id() == after.id()
                && before.state().term() == after.state().term();
    }

    static String roleWord(Role role) {
        return switch (role) {
            case LEADER -> "leader";
            case CANDIDATE -> "candidate";
            case PRE_CANDIDATE -> "pre-candidate";
            case FOLLOWER -> "follower";
            case STOPPED -> "stopped";
            case UNKNOWN -> "unknown role";
        };
    }

    private static void add(List<TimelineEvent> events, Instant now, EventKind kind, String text) {
        events.add(new TimelineEvent(now, text, kind));
    }
}
