package io.raftdeck.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftdeck.integration.TestCluster;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.GetResponse;
import io.raftdeck.proto.v1.PutRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every put the cluster acknowledged (key, value, log index), and the check that each one is
 * still readable with a linearizable get. Keys are never reused, so the last acknowledged value
 * of a key is the only one it may hold.
 */
final class AcknowledgedWrites {

    record Write(String value, long index) {
    }

    private final Map<String, Write> writes = new LinkedHashMap<>();

    /** Puts {@code count} new keys through the agreed leader; every one must be acknowledged. */
    void put(TestCluster cluster, String prefix, int count) {
        int leader = cluster.awaitLeader();
        for (int i = 0; i < count; i++) {
            String key = prefix + "-" + i;
            // A value of some size so that a few puts fill a small WAL segment.
            String value = key + "=" + "v".repeat(120);
            WriteResponse response = cluster.client(leader).put(PutRequest.newBuilder()
                    .setKey(key).setValue(ByteString.copyFromUtf8(value)).build());
            writes.put(key, new Write(value, response.getIndex()));
        }
    }

    long highestIndex() {
        return writes.values().stream().mapToLong(Write::index).max().orElse(0);
    }

    int size() {
        return writes.size();
    }

    /** Reads every acknowledged key back through node {@code id} with a linearizable get. */
    void assertAllReadable(TestCluster cluster, int id) {
        for (Map.Entry<String, Write> write : writes.entrySet()) {
            GetResponse response = cluster.client(id).get(GetRequest.newBuilder()
                    .setKey(write.getKey()).build());
            assertTrue(response.getFound(), "acknowledged key " + write.getKey() + " (index "
                    + write.getValue().index() + ") lost, read through node " + id);
            assertArrayEquals(write.getValue().value().getBytes(StandardCharsets.UTF_8),
                    response.getValue().toByteArray(), "value of " + write.getKey());
        }
    }
}
