package io.raftdeck.core;

import java.util.HashMap;
import java.util.Map;

/** Votes received in one election. A voter counts once, whatever it sends again. */
final class VoteTally {

    private final int quorum;
    private final Map<Integer, Boolean> votes = new HashMap<>();

    VoteTally(int quorum) {
        this.quorum = quorum;
    }

    void reset() {
        votes.clear();
    }

    void record(int voter, boolean granted) {
        votes.putIfAbsent(voter, granted);
    }

    boolean won() {
        return count(true) >= quorum;
    }

    boolean lost() {
        return count(false) >= quorum;
    }

    private int count(boolean granted) {
        int count = 0;
        for (boolean vote : votes.values()) {
            if (vote == granted) {
                count++;
            }
        }
        return count;
    }
}
