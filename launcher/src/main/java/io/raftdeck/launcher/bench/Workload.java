package io.raftdeck.launcher.bench;

import com.google.protobuf.ByteString;
import java.util.Random;

/**
 * The requests of one client, as in etcd's benchmark: a key drawn uniformly from the key
 * space for every request, fixed-size keys, and one random value of the configured size that
 * every put of this client writes. Seeded per client, so a run can be repeated.
 */
final class Workload {

    private final Random random;
    private final BenchOp op;
    private final int keys;
    private final int keySize;
    private final ByteString value;

    Workload(BenchSettings settings, int client) {
        this.random = new Random(settings.seed() * 1_000_003L + client);
        this.op = settings.op();
        this.keys = settings.keys();
        this.keySize = settings.keySize();
        byte[] bytes = new byte[settings.valueSize()];
        random.nextBytes(bytes);
        this.value = ByteString.copyFrom(bytes);
    }

    /** Key number {@code index}, zero-padded to {@code size} digits: "0000000000000042". */
    static String key(int index, int size) {
        String digits = Integer.toString(index);
        if (digits.length() > size) {
            throw new IllegalArgumentException("key " + index + " does not fit in " + size
                    + " bytes");
        }
        return "0".repeat(size - digits.length()) + digits;
    }

    String nextKey() {
        return key(random.nextInt(keys), keySize);
    }

    /** Whether the next request writes: always for put, never for get, half the time mixed. */
    boolean nextIsPut() {
        return switch (op) {
            case PUT -> true;
            case GET -> false;
            case MIXED -> random.nextBoolean();
        };
    }

    ByteString value() {
        return value;
    }
}
