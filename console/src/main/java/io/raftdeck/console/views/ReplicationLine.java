package io.raftdeck.console.views;

import com.googlecode.lanterna.graphics.TextGraphics;
import io.raftdeck.console.model.ClusterView;
import io.raftdeck.console.model.NodeView;
import io.raftdeck.console.model.ReplicationProgress;
import java.util.Optional;

/**
 * The leader's replication progress: for each follower, the highest index known to match the
 * leader's log, the next index the leader will send it, and its lag (the leader's last index
 * less the match index: the entries it still lacks). A follower that falls behind (cut off, or
 * restarted) shows a growing lag until it catches up.
 */
final class ReplicationLine {

    private static final int WIDE_COLUMNS = 120;

    private ReplicationLine() {
    }

    static void draw(TextGraphics graphics, int row, ClusterView view) {
        int width = graphics.getSize().getColumns();
        Pen pen = new Pen(graphics, row);
        Optional<NodeView> leader = view.leader();
        if (leader.isEmpty()) {
            pen.color(Palette.DIM).put(0, Text.fit(
                    "match/next/lag: shown on the leader once there is one", width)).plain();
            return;
        }
        pen.put(0, Text.fit(text(leader.get(), width >= WIDE_COLUMNS), width));
    }

    static String text(NodeView leader, boolean withContact) {
        StringBuilder text = new StringBuilder("leader ").append(leader.id())
                .append(" match/next/lag:");
        long last = leader.state().lastLogIndex();
        for (ReplicationProgress peer : leader.state().peers()) {
            text.append("  ").append(peer.id()).append(": ")
                    .append(peer.matchIndex()).append('/').append(peer.nextIndex())
                    .append('/').append(Math.max(0, last - peer.matchIndex()));
            if (withContact) {
                text.append(" (").append(peer.lastContactMs()).append("ms)");
            }
        }
        if (leader.state().peers().isEmpty()) {
            text.append("  (no peers reported)");
        }
        return text.toString();
    }
}
