package io.raftdeck.launcher;

import io.raftdeck.statemachine.StoreQuota;
import java.util.Optional;

/**
 * The one warning {@code raftdeck node} prints when its quota does not fit its heap. The store
 * is held in the heap, and a snapshot of it too: the one kept for followers that fall behind,
 * and, while the next is taken, its bytes being written; so a full store costs about three
 * times its size. Past a quarter of the heap the node can run out of memory (and fail-stop)
 * before the quota refuses anything.
 */
final class QuotaWarning {

    /** The part of the heap the quota may take without a warning. */
    static final int HEAP_FRACTION = 4;

    private QuotaWarning() {
    }

    static Optional<String> warning(long quotaBytes, long maxHeapBytes) {
        if (quotaBytes <= maxHeapBytes / HEAP_FRACTION) {
            return Optional.empty();
        }
        return Optional.of("warning: --quota-bytes " + StoreQuota.format(quotaBytes)
                + " is more than a quarter of this JVM's heap (" + StoreQuota.format(maxHeapBytes)
                + "): the store and its snapshots live in the heap, so the node may run out of"
                + " memory before the quota refuses a write; raise -Xmx or lower the quota");
    }
}
