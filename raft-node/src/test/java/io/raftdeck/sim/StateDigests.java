package io.raftdeck.sim;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * State Machine Safety on the state itself, not only on the entries: a digest of a node's whole
 * key/value store (values, client sessions and the recent requests without a session, the
 * tables that give retries their answers) after every index it applies or restores, and every
 * node that reaches index i must reach it with the digest the first one had there. Equal
 * entries applied in equal order still diverge if applying is not deterministic (an iteration
 * order, a table that evicts by what a node was asked rather than what it applied) or if a
 * restore does not rebuild exactly what applying built; this catches both.
 */
final class StateDigests {

    /** The first digest any node had at each index. */
    private final Map<Long, Long> digestByIndex = new HashMap<>();

    /** Node {@code nodeId}'s state after index {@code index} is {@code state}. */
    void observe(int nodeId, long index, byte[] state) {
        long digest = digest(state);
        Long known = digestByIndex.putIfAbsent(index, digest);
        if (known != null && known != digest) {
            throw new SafetyViolation("State digest: node " + nodeId + " has state "
                    + Long.toHexString(digest) + " after index " + index + " where another node"
                    + " had " + Long.toHexString(known));
        }
    }

    /** 64 bits of SHA-256: a collision that hid a divergence is not a practical concern. */
    private static long digest(byte[] state) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(state)).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
