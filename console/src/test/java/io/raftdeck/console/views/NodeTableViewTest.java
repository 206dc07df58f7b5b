package io.raftdeck.console.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.googlecode.lanterna.SGR;
import io.raftdeck.console.model.Role;
import io.raftdeck.console.testing.ScreenCapture;
import org.junit.jupiter.api.Test;

class NodeTableViewTest {

    private final ScreenCapture screen = ScreenCapture.render(ClusterFixtures.view(), 80, 24);

    @Test
    void eachRowShowsRoleTermVoteLeaderAndIndexes() {
        // Proves the leader and follower rows carry their own role word and numbers.
        String leaderRow = screen.line(2);
        assertTrue(leaderRow.matches(">\\s+1 :5001\\s+ok\\s+LEADER\\s+3\\s+1\\s+1\\s+5\\s+5\\s+6"
                + "\\s+heartbeats.*"), leaderRow);
        String followerRow = screen.line(3);
        assertTrue(followerRow.matches("\\s+2 :5002\\s+ok\\s+follower\\s+3\\s+1\\s+1\\s+5\\s+5"
                + "\\s+6\\s+\\[=+\\s*\\]\\s+120ms.*"), followerRow);
    }

    @Test
    void downAndUnreachableRowsShowNoNumbers() {
        // Proves a killed or silent node shows why it has no status, and no stale numbers.
        String downRow = screen.line(4);
        String afterAddress = downRow.substring(downRow.indexOf("DOWN"));
        assertTrue(afterAddress.startsWith("DOWN"), downRow);
        assertTrue(afterAddress.contains("no status: killed from the dashboard"), downRow);
        assertFalse(afterAddress.matches(".*\\d.*"), "numbers on a DOWN row: " + downRow);
        String unreachableRow = screen.line(5);
        String rest = unreachableRow.substring(unreachableRow.indexOf("UNREACHABLE"));
        assertTrue(rest.contains("no status: DEADLINE_EXCEEDED"), unreachableRow);
        assertFalse(rest.matches(".*\\d.*"), "numbers on an UNREACHABLE row: " + unreachableRow);
    }

    @Test
    void isolatedNodeShowsIsolatedWithItsOwnNumbers() {
        // Proves an isolated node still answers (its numbers show) and is marked ISOLATED.
        String row = screen.line(6);
        assertTrue(row.matches("\\s+5 :5005\\s+ISOLATED\\s+CANDIDATE\\s+7\\s+5\\s+-\\s+3\\s+3"
                + "\\s+3\\s+\\[.*"), row);
    }

    @Test
    void selectedRowIsMarkedWithoutRelyingOnColour() {
        // Proves the selection shows as a ">" marker plus reverse video on the id.
        assertEquals('>', screen.at(0, 2).getCharacter());
        assertTrue(screen.at(3, 2).getModifiers().contains(SGR.REVERSE));
        assertEquals(' ', screen.at(0, 3).getCharacter());
    }

    @Test
    void rolesHaveDistinctColours() {
        // Proves the role colour follows the role (leader vs follower vs candidate).
        int roleColumn = screen.line(2).indexOf("LEADER");
        assertEquals(Palette.role(Role.LEADER),
                screen.at(roleColumn, 2).getForegroundColor());
        assertEquals(Palette.role(Role.FOLLOWER),
                screen.at(roleColumn, 3).getForegroundColor());
        assertEquals(Palette.role(Role.CANDIDATE),
                screen.at(roleColumn, 6).getForegroundColor());
    }

    @Test
    void titleNamesTheLeaderAndTheSharedHost() {
        // Proves the title row says who leads, in which term, and where the nodes are.
        String title = screen.line(0);
        assertTrue(title.contains("5 nodes on 127.0.0.1"), title);
        assertTrue(title.contains("leader: node 1, term 3, commit 5"), title);
    }

    @Test
    void replicationLineShowsMatchNextAndLagPerFollower() {
        // Proves the leader's per-follower match/next indexes are on screen, with the lag:
        // the leader's last index (6) less the match index.
        String line = screen.line(7);
        assertTrue(line.startsWith(
                "leader 1 match/next/lag:  2: 6/7/0  3: 4/5/2  4: 2/3/4  5: 3/4/3"), line);
    }
}
