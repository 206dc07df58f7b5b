package io.raftdeck.sim;

import io.raftdeck.core.Entry;
import io.raftdeck.core.EntryType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated state machine's snapshot format. The simulated state is the whole sequence of
 * entries applied, so that a node restored from a snapshot can be compared entry by entry with
 * every other node's history; a snapshot is that sequence as bytes.
 */
final class SimStateMachine {

    private SimStateMachine() {
    }

    static byte[] snapshot(List<Entry> applied) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(applied.size());
            for (Entry entry : applied) {
                out.writeLong(entry.index());
                out.writeLong(entry.term());
                out.writeBoolean(entry.type() == EntryType.NOOP);
                out.writeInt(entry.data().length);
                out.write(entry.data());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Entry> restore(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int count = in.readInt();
            List<Entry> applied = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long index = in.readLong();
                long term = in.readLong();
                EntryType type = in.readBoolean() ? EntryType.NOOP : EntryType.COMMAND;
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                applied.add(new Entry(index, term, type, data));
            }
            return applied;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
