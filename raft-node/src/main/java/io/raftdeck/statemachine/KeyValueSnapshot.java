package io.raftdeck.statemachine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The byte form of a key/value store's snapshot, big-endian, ordered so equal stores give equal
 * bytes:
 * <pre>
 *   int    format version (4; version 3 had no quota, version 2 no recent requests either,
 *          version 1 no sessions either, and all are still read: with the default quota and
 *          no alarm)
 *   int    number of keys, then per key in key order:
 *            int key length, key (UTF-8), int value length, value
 *   int    number of client sessions (version 2), then per session in client id order
 *            (unsigned):
 *            long client id, long highest sequence, long last activity index,
 *            int number of results, then per result in sequence order:
 *              long sequence, long index, long term, byte existed (0 or 1)
 *   int    number of recent requests without a session (version 3), then per request in
 *          apply order:
 *            long client id, long sequence, long index, long term, byte existed (0 or 1)
 *   long   the store's quota in bytes (version 4), byte 1 when its NOSPACE alarm is raised
 * </pre>
 * The store's size is not written: whoever restores recomputes it from the keys.
 */
final class KeyValueSnapshot {

    private static final int FORMAT_VERSION = 4;
    private static final int FORMAT_VERSION_WITHOUT_QUOTA = 3;
    private static final int FORMAT_VERSION_WITHOUT_RECENT_REQUESTS = 2;
    private static final int FORMAT_VERSION_WITHOUT_SESSIONS = 1;

    /** What a snapshot holds. */
    record Contents(SortedMap<String, byte[]> values, ClientSessions sessions,
                    RecentRequests recentRequests, long quotaBytes, boolean alarm) {
    }

    private KeyValueSnapshot() {
    }

    /**
     * The snapshot's bytes, written into one array of exactly their size: a store near its
     * quota is most of the heap's data, and a growing buffer would hold it up to three times
     * over (its doubling, then the copy out) while the snapshot is taken.
     */
    static byte[] encode(Map<String, byte[]> values, Collection<ClientSession> sessions,
                         Map<ClientRequestId, ApplyResult> recentRequests, StoreQuota quota) {
        SortedMap<String, byte[]> ordered = values instanceof SortedMap<String, byte[]> sorted
                && sorted.comparator() == null ? sorted : new TreeMap<>(values);
        byte[] tail = encodeTail(sessions, recentRequests, quota);
        long size = Integer.BYTES * 2L + tail.length;
        for (Map.Entry<String, byte[]> entry : ordered.entrySet()) {
            size += Integer.BYTES * 2L + entry.getKey().getBytes(StandardCharsets.UTF_8).length
                    + entry.getValue().length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the store's snapshot would be " + size
                    + " bytes, more than one Java array holds; lower --quota-bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putInt(FORMAT_VERSION).putInt(ordered.size());
        for (Map.Entry<String, byte[]> entry : ordered.entrySet()) {
            byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
            out.putInt(key.length).put(key).putInt(entry.getValue().length)
                    .put(entry.getValue());
        }
        return out.put(tail).array();
    }

    /** Everything after the keys: sessions, recent requests, quota and alarm; small. */
    private static byte[] encodeTail(Collection<ClientSession> sessions,
                                     Map<ClientRequestId, ApplyResult> recentRequests,
                                     StoreQuota quota) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(sessions.size());
            for (ClientSession session : sessions) {
                writeSession(out, session);
            }
            out.writeInt(recentRequests.size());
            for (Map.Entry<ClientRequestId, ApplyResult> request : recentRequests.entrySet()) {
                out.writeLong(request.getKey().clientId());
                out.writeLong(request.getKey().sequence());
                writeResult(out, request.getValue());
            }
            out.writeLong(quota.quotaBytes());
            out.writeBoolean(quota.alarm());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in-memory streams do not fail
        }
        return bytes.toByteArray();
    }

    static Contents decode(byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int version = in.readInt();
            if (version < FORMAT_VERSION_WITHOUT_SESSIONS || version > FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown key/value snapshot format "
                        + version);
            }
            int count = in.readInt();
            SortedMap<String, byte[]> values = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                String key = new String(readBytes(in, snapshot.length), StandardCharsets.UTF_8);
                values.put(key, readBytes(in, snapshot.length));
            }
            List<ClientSession> sessions = version >= FORMAT_VERSION_WITHOUT_RECENT_REQUESTS
                    ? readSessions(in, snapshot.length) : List.of();
            List<Map.Entry<ClientRequestId, ApplyResult>> recentRequests =
                    version >= FORMAT_VERSION_WITHOUT_QUOTA
                            ? readRecentRequests(in, snapshot.length) : List.of();
            long quotaBytes = StoreQuota.DEFAULT_QUOTA_BYTES;
            boolean alarm = false;
            if (version == FORMAT_VERSION) {
                quotaBytes = in.readLong();
                alarm = readFlag(in);
                if (quotaBytes < 1) {
                    throw new IllegalArgumentException("key/value snapshot has a quota of "
                            + quotaBytes + " bytes");
                }
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("key/value snapshot has trailing bytes");
            }
            return new Contents(values, ClientSessions.restored(sessions),
                    RecentRequests.restored(recentRequests), quotaBytes, alarm);
        } catch (IOException e) {
            throw new IllegalArgumentException("key/value snapshot is truncated", e);
        }
    }

    private static void writeSession(DataOutputStream out, ClientSession session)
            throws IOException {
        out.writeLong(session.clientId());
        out.writeLong(session.highestSequence());
        out.writeLong(session.lastActivityIndex());
        out.writeInt(session.resultCount());
        for (Map.Entry<Long, ApplyResult> entry : session.results().entrySet()) {
            out.writeLong(entry.getKey());
            writeResult(out, entry.getValue());
        }
    }

    /** A cached result keeps its position and whether it found or swapped, not a value. */
    private static void writeResult(DataOutputStream out, ApplyResult result)
            throws IOException {
        out.writeLong(result.index());
        out.writeLong(result.term());
        out.writeBoolean(result.existed());
    }

    private static ApplyResult readResult(DataInputStream in) throws IOException {
        long index = in.readLong();
        long term = in.readLong();
        return new ApplyResult(index, term, readFlag(in), null);
    }

    private static List<Map.Entry<ClientRequestId, ApplyResult>> readRecentRequests(
            DataInputStream in, int limit) throws IOException {
        int count = readCount(in, (int) RecentRequests.EXPIRY_ENTRIES, "recent requests");
        List<Map.Entry<ClientRequestId, ApplyResult>> requests =
                new ArrayList<>(Math.min(count, limit));
        for (int i = 0; i < count; i++) {
            long clientId = in.readLong();
            long sequence = in.readLong();
            if (clientId == 0 || sequence < 1) {
                throw new IllegalArgumentException("key/value snapshot has a malformed"
                        + " request identity");
            }
            requests.add(Map.entry(new ClientRequestId(clientId, sequence), readResult(in)));
        }
        return requests;
    }

    private static List<ClientSession> readSessions(DataInputStream in, int limit)
            throws IOException {
        int count = readCount(in, ClientSessions.MAX_SESSIONS, "sessions");
        List<ClientSession> sessions = new ArrayList<>(Math.min(count, limit));
        for (int i = 0; i < count; i++) {
            long clientId = in.readLong();
            long highestSequence = in.readLong();
            long lastActivityIndex = in.readLong();
            int results = readCount(in, ClientSessions.RESULTS_PER_SESSION, "session results");
            SortedMap<Long, ApplyResult> bySequence = new TreeMap<>();
            for (int r = 0; r < results; r++) {
                long sequence = in.readLong();
                if (bySequence.put(sequence, readResult(in)) != null) {
                    throw new IllegalArgumentException("key/value snapshot repeats sequence "
                            + sequence + " of a session");
                }
            }
            sessions.add(ClientSession.restored(clientId, highestSequence, lastActivityIndex,
                    bySequence));
        }
        return sessions;
    }

    /** A boolean written as exactly 0 or 1: any other byte is corruption, not "true". */
    private static boolean readFlag(DataInputStream in) throws IOException {
        byte flag = in.readByte();
        if (flag != 0 && flag != 1) {
            throw new IllegalArgumentException("key/value snapshot has a bad flag " + flag);
        }
        return flag == 1;
    }

    private static int readCount(DataInputStream in, int limit, String what) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > limit) {
            throw new IllegalArgumentException("key/value snapshot has " + count + " " + what
                    + "; the limit is " + limit);
        }
        return count;
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
