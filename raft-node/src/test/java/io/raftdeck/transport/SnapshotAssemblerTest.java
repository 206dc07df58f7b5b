package io.raftdeck.transport;

import static io.raftdeck.core.Messages.installSnapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftdeck.core.Message.InstallSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The receiving side of a chunked snapshot: in order, bounded, checksummed, per sender. */
class SnapshotAssemblerTest {

    private static final int CHUNK = SnapshotTransfer.CHUNK_BYTES;

    private static InstallSnapshot snapshot(int from, int bytes) {
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        return installSnapshot().from(from).to(2).term(5).lastIncludedIndex(900)
                .lastIncludedTerm(4).data(data).build();
    }

    /** The chunks a sender produces for {@code install}, checked as the receiver checks them. */
    private static List<SnapshotChunk> chunks(InstallSnapshot install) throws Exception {
        SnapshotTransfer transfer = new SnapshotTransfer(install);
        Object stream = new Object();
        List<SnapshotChunk> chunks = new ArrayList<>();
        while (transfer.hasChunk()) {
            chunks.add(MessageCodec.decodeSnapshotChunk(transfer.nextChunk(stream)));
        }
        return chunks;
    }

    @Test
    void chunksInOrderBecomeTheWholeSnapshot() throws Exception {
        // Proves a snapshot of several chunks is handed over once, whole, after its last chunk.
        InstallSnapshot sent = snapshot(1, 3 * CHUNK + 17);
        List<SnapshotChunk> chunks = chunks(sent);
        assertEquals(4, chunks.size());
        SnapshotAssembler assembler = new SnapshotAssembler();

        for (SnapshotChunk chunk : chunks.subList(0, 3)) {
            assertTrue(assembler.accept(chunk).isEmpty());
        }
        Optional<InstallSnapshot> whole = assembler.accept(chunks.get(3));

        assertTrue(whole.isPresent());
        assertEquals(900, whole.get().lastIncludedIndex());
        assertEquals(4, whole.get().lastIncludedTerm());
        assertEquals(5, whole.get().term());
        assertArrayEquals(sent.data(), whole.get().data());
        assertEquals(0, assembler.inFlight());
    }

    @Test
    void skippedChunkDropsTheSnapshot() throws Exception {
        // Proves a lost chunk is noticed by its offset, and nothing partial reaches the node.
        List<SnapshotChunk> chunks = chunks(snapshot(1, 3 * CHUNK));
        SnapshotAssembler assembler = new SnapshotAssembler();
        assembler.accept(chunks.get(0));

        assertThrows(InvalidPeerMessageException.class, () -> assembler.accept(chunks.get(2)));
        assertEquals(0, assembler.inFlight());
        assertThrows(InvalidPeerMessageException.class, () -> assembler.accept(chunks.get(1)),
                "the rest of a dropped snapshot is dropped too");
    }

    @Test
    void damagedSnapshotFailsItsChecksum() throws Exception {
        // Proves a flipped bit anywhere in the snapshot is caught before the node sees it.
        List<SnapshotChunk> chunks = chunks(snapshot(1, 2 * CHUNK));
        chunks.get(0).data()[1234] ^= 1;
        SnapshotAssembler assembler = new SnapshotAssembler();
        assembler.accept(chunks.get(0));

        assertThrows(InvalidPeerMessageException.class, () -> assembler.accept(chunks.get(1)));
    }

    @Test
    void restartedTransferReplacesTheOneInFlightAndSendersAreKeptApart() throws Exception {
        // Proves a transfer starting again at offset 0 replaces the half-assembled one, and two
        // senders' snapshots do not mix.
        List<SnapshotChunk> fromOne = chunks(snapshot(1, 2 * CHUNK));
        List<SnapshotChunk> fromThree = chunks(snapshot(3, 2 * CHUNK + 1));
        SnapshotAssembler assembler = new SnapshotAssembler();
        assembler.accept(fromOne.get(0));
        assembler.accept(fromThree.get(0));
        assembler.accept(fromOne.get(0));

        assertTrue(assembler.accept(fromOne.get(1)).isPresent());
        assertTrue(assembler.accept(fromThree.get(1)).isEmpty());
        assertEquals(3, assembler.accept(fromThree.get(2)).orElseThrow().from());
    }

    @Test
    void snapshotLargerThanTheBoundIsDropped() throws Exception {
        // Proves memory for one sender's snapshot is bounded.
        List<SnapshotChunk> chunks = chunks(snapshot(1, 3 * CHUNK));
        SnapshotAssembler assembler = new SnapshotAssembler(2 * CHUNK);
        assembler.accept(chunks.get(0));
        assembler.accept(chunks.get(1));

        assertThrows(InvalidPeerMessageException.class, () -> assembler.accept(chunks.get(2)));
        assertEquals(0, assembler.inFlight());
    }
}
