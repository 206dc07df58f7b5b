package io.raftdeck.transport;

import io.raftdeck.core.Message.InstallSnapshot;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Puts snapshot chunks back together on the receiving side: one snapshot in flight per sender,
 * chunks in order (each starting where the last ended; a new transfer starts at offset 0),
 * bounded in size. Only a whole snapshot whose CRC32C matches becomes an InstallSnapshot for
 * the node; anything else is dropped, and the leader sends the snapshot again.
 */
final class SnapshotAssembler {

    /** Largest snapshot accepted; a sender past it is refused rather than allocated for. */
    static final int MAX_SNAPSHOT_BYTES = 512 << 20;

    /** What is being assembled from one sender. */
    private static final class Assembly {
        final SnapshotChunk first;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CRC32C checksum = new CRC32C();

        Assembly(SnapshotChunk first) {
            this.first = first;
        }

        boolean continuedBy(SnapshotChunk chunk) {
            return chunk.lastIncludedIndex() == first.lastIncludedIndex()
                    && chunk.lastIncludedTerm() == first.lastIncludedTerm()
                    && chunk.term() == first.term() && chunk.checksum() == first.checksum()
                    && chunk.offset() == bytes.size();
        }
    }

    private final Map<Integer, Assembly> bySender = new HashMap<>();
    private final int maxSnapshotBytes;

    SnapshotAssembler() {
        this(MAX_SNAPSHOT_BYTES);
    }

    /** @param maxSnapshotBytes largest snapshot accepted (small in tests) */
    SnapshotAssembler(int maxSnapshotBytes) {
        this.maxSnapshotBytes = maxSnapshotBytes;
    }

    /**
     * Adds a chunk. Returns the whole snapshot once its last chunk arrived and checked out.
     *
     * @throws InvalidPeerMessageException when the chunk cannot continue a snapshot (offsets
     *     skipped, too large, or the checksum failed); what came before it is dropped
     */
    synchronized Optional<InstallSnapshot> accept(SnapshotChunk chunk)
            throws InvalidPeerMessageException {
        Assembly assembly = chunk.offset() == 0 ? new Assembly(chunk) : bySender.get(chunk.from());
        if (assembly == null || !assembly.continuedBy(chunk)) {
            bySender.remove(chunk.from());
            throw new InvalidPeerMessageException("snapshot chunk at offset " + chunk.offset()
                    + " of " + chunk.lastIncludedIndex() + "@" + chunk.lastIncludedTerm()
                    + " does not continue what arrived before; dropped");
        }
        if ((long) assembly.bytes.size() + chunk.data().length > maxSnapshotBytes) {
            bySender.remove(chunk.from());
            throw new InvalidPeerMessageException("snapshot " + chunk.lastIncludedIndex()
                    + " is larger than " + maxSnapshotBytes + " bytes; dropped");
        }
        assembly.bytes.write(chunk.data(), 0, chunk.data().length);
        assembly.checksum.update(chunk.data());
        if (!chunk.done()) {
            bySender.put(chunk.from(), assembly);
            return Optional.empty();
        }
        bySender.remove(chunk.from());
        if ((int) assembly.checksum.getValue() != chunk.checksum()) {
            throw new InvalidPeerMessageException("snapshot " + chunk.lastIncludedIndex()
                    + " failed its checksum (" + assembly.bytes.size() + " bytes); dropped");
        }
        return Optional.of(new InstallSnapshot(chunk.from(), chunk.to(), chunk.term(),
                chunk.lastIncludedIndex(), chunk.lastIncludedTerm(),
                assembly.bytes.toByteArray()));
    }

    /** Senders with a snapshot half assembled, for tests. */
    synchronized int inFlight() {
        return bySender.size();
    }
}
