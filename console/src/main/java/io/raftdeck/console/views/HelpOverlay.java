package io.raftdeck.console.views;

import com.googlecode.lanterna.graphics.TextGraphics;
import java.util.List;

/** The full help, drawn in a box over the middle of the screen while ? is on. */
final class HelpOverlay {

    static final List<String> LINES = List.of(
            "Keys",
            "  1-5, arrows  select a node",
            "  K            kill the current leader",
            "  k / r        kill / restart the selected node",
            "  p            isolate the selected node from all others",
            "  s            split: a minority holding the selected node | the rest",
            "  h            heal every link",
            "  : or Enter   type a command: Enter sends it, Esc cancels",
            "  w            send a burst of 100 commands",
            "  t            move leadership to the selected node",
            "  c            chaos: start/stop clients + fault injection, checked live",
            "  m / H        messages between the nodes / list heartbeats there too",
            "  q, Ctrl-C    quit",
            "Reading the screen",
            "  LEADER, CANDIDATE, PRE-VOTE, follower: the node's role;",
            "    STOPPED: it stopped on a failure and says why in place of its timer",
            "  DOWN killed here, UNREACHABLE no answer, ISOLATED all links cut",
            "  timer: time left until a follower starts an election",
            "  log cells: term of each entry (last digit, one colour per term);",
            "    solid cells are committed, | marks the commit index",
            "  match/next/lag: what the leader knows each follower holds / sends",
            "    next / still lacks; SLOW DISK: a node's WAL fsync p99 is over 10ms");

    static final String TITLE = " help: ? or Esc closes ";

    private HelpOverlay() {
    }

    static void draw(TextGraphics graphics) {
        int screenWidth = graphics.getSize().getColumns();
        int screenHeight = graphics.getSize().getRows();
        int contentWidth = LINES.stream().mapToInt(String::length).max().orElse(0);
        int boxWidth = Math.min(screenWidth, contentWidth + 4);
        int boxHeight = Math.min(screenHeight, LINES.size() + 2);
        int left = (screenWidth - boxWidth) / 2;
        int top = (screenHeight - boxHeight) / 2;
        String border = "+" + "-".repeat(boxWidth - 2) + "+";
        new Pen(graphics, top).bold().put(left, border).put(left + 2, TITLE).plain();
        for (int line = 0; line < boxHeight - 2; line++) {
            String text = Text.fit(LINES.get(line), boxWidth - 4);
            new Pen(graphics, top + 1 + line).put(left, "| " + text + " |");
        }
        new Pen(graphics, top + boxHeight - 1).bold().put(left, border).plain();
    }
}
