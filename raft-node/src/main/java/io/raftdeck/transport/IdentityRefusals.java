package io.raftdeck.transport;

import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Recent refusals of a peer's identity, both ways, for the node's status: members this node
 * refuses because their data is not the data it knew, and peers that refuse this node for the
 * same reason; and members whose name a caller claimed on a peer call without a certificate
 * for it (peer TLS: {@code tls.PeerCertificateCheck}). A refused node tries again every second, so a refusal older than
 * {@link #RECENT_MS} means that it stopped (or was let in).
 */
public final class IdentityRefusals {

    static final long RECENT_MS = 10_000;

    private final Map<Integer, Long> refusedMembers = new ConcurrentHashMap<>();
    private final Map<Integer, Long> refusedBy = new ConcurrentHashMap<>();
    private final Map<Integer, Long> certificateRefusals = new ConcurrentHashMap<>();

    void refusedMember(int member) {
        refusedMembers.put(member, System.nanoTime());
    }

    void refusedBy(int peer) {
        refusedBy.put(peer, System.nanoTime());
    }

    /** A peer call claiming to be {@code member} showed no certificate naming it. */
    public void refusedCertificate(int member) {
        certificateRefusals.put(member, System.nanoTime());
    }

    /**
     * Members that callers claimed to be, without a certificate naming them, within the last
     * {@value #RECENT_MS} ms.
     */
    public SortedSet<Integer> certificateRefusals() {
        return recent(certificateRefusals);
    }

    /** Members whose messages this node refused within the last {@value #RECENT_MS} ms. */
    public SortedSet<Integer> refusedMembers() {
        return recent(refusedMembers);
    }

    /** Peers that refused this node's messages within the last {@value #RECENT_MS} ms. */
    public SortedSet<Integer> refusedBy() {
        return recent(refusedBy);
    }

    private static SortedSet<Integer> recent(Map<Integer, Long> refusals) {
        long since = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(RECENT_MS);
        SortedSet<Integer> recent = new TreeSet<>();
        refusals.forEach((id, at) -> {
            if (at - since > 0) {
                recent.add(id);
            }
        });
        return recent;
    }
}
