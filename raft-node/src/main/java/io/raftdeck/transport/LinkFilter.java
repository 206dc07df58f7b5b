package io.raftdeck.transport;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The fault filter: the peers whose links are cut. A message to or from a cut peer is dropped,
 * in both directions, as if the network lost it; Raft must cope, which is the point of cutting.
 * Read on every message and written rarely (admin SetLinks), so the set is replaced whole and
 * published through a volatile field: readers never lock.
 */
public final class LinkFilter {

    private volatile SortedSet<Integer> cut = Collections.emptySortedSet();

    /** Replaces the set of cut peers; an empty collection heals every link. */
    public void setCut(Collection<Integer> peers) {
        cut = Collections.unmodifiableSortedSet(new TreeSet<>(peers));
    }

    /** The peers currently cut off, in id order. */
    public SortedSet<Integer> cut() {
        return cut;
    }

    /** Whether messages between this node and {@code peer} may pass. */
    public boolean allows(int peer) {
        return !cut.contains(peer);
    }
}
