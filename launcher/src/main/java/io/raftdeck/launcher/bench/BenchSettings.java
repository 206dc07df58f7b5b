package io.raftdeck.launcher.bench;

/**
 * The load a benchmark run puts on the cluster, already checked.
 *
 * @param clients          closed-loop clients, each with one request in flight
 * @param seconds          length of the measured window
 * @param warmupSeconds    load before the window, not counted (JIT, connections, caches)
 * @param keySize          bytes of every key (decimal digits, zero-padded)
 * @param valueSize        bytes of every value written
 * @param keys             size of the key space; keys are drawn uniformly from it
 * @param op               put, get or mixed
 * @param seed             seed of the keys, operations and values (not of session ids)
 * @param connections      gRPC channels per node, shared by the clients in turn
 * @param requestTimeoutMs deadline of one request
 */
record BenchSettings(int clients, int seconds, int warmupSeconds, int keySize, int valueSize,
        int keys, BenchOp op, long seed, int connections, long requestTimeoutMs) {

    /** Digits the largest key index needs; --key-size must be at least this. */
    static int digitsFor(int keys) {
        return Integer.toString(Math.max(0, keys - 1)).length();
    }

    /** One line naming the workload, for the report header. */
    String describe() {
        return op.label() + ", " + clients + (clients == 1 ? " client" : " clients") + ", "
                + seconds + " s measured after " + warmupSeconds + " s warmup, " + keySize
                + "-byte keys (" + keys + " of them), " + valueSize + "-byte values, "
                + connections + (connections == 1 ? " connection" : " connections")
                + " per node, seed " + seed;
    }
}
