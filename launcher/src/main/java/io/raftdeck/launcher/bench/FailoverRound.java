package io.raftdeck.launcher.bench;

import java.util.Locale;

/**
 * One round of the failover benchmark: the leader killed, who took over, and how long after
 * the kill a new leader was seen and the first put (sent after the kill) succeeded.
 *
 * @param catchUpMs how long the killed node took, from its restart, to serve again and apply
 *                  all the leader had committed
 */
record FailoverRound(int round, int killedId, long killedTerm, int newLeaderId, long newTerm,
        double leaderMs, double firstPutMs, double catchUpMs) {

    String describe(int rounds) {
        return String.format(Locale.ROOT, "  round %d/%d: killed node %d (leader of term %d); "
                        + "node %d leads term %d after %.1f ms; first put ok after %.1f ms; "
                        + "node %d back and caught up in %.1f s", round, rounds, killedId,
                killedTerm, newLeaderId, newTerm, leaderMs, firstPutMs, killedId,
                catchUpMs / 1000);
    }
}
