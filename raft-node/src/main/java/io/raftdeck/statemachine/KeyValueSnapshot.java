package io.raftdeck.statemachine;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The byte form of a key/value store's snapshot: a format version, the number of keys, then
 * each key and value with its length, in key order so equal stores give equal bytes.
 */
final class KeyValueSnapshot {

    private static final int FORMAT_VERSION = 1;

    private KeyValueSnapshot() {
    }

    static byte[] encode(Map<String, byte[]> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT_VERSION);
            SortedMap<String, byte[]> ordered = new TreeMap<>(values);
            out.writeInt(ordered.size());
            for (Map.Entry<String, byte[]> entry : ordered.entrySet()) {
                byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(key.length);
                out.write(key);
                out.writeInt(entry.getValue().length);
                out.write(entry.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return bytes.toByteArray();
    }

    static SortedMap<String, byte[]> decode(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(
                new java.io.ByteArrayInputStream(snapshot))) {
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown key/value snapshot format "
                        + version);
            }
            int count = in.readInt();
            SortedMap<String, byte[]> values = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                String key = new String(readBytes(in, snapshot.length), StandardCharsets.UTF_8);
                values.put(key, readBytes(in, snapshot.length));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("key/value snapshot has trailing bytes");
            }
            return values;
        } catch (IOException e) {
            throw new IllegalArgumentException("key/value snapshot is truncated", e);
        }
    }

    /** A length-prefixed byte string; a length past the snapshot's size is corruption. */
    private static byte[] readBytes(DataInputStream in, int limit) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > limit) {
            throw new IllegalArgumentException("key/value snapshot has a bad length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
