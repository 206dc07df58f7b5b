package io.raftdeck.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs of consecutive free loopback ports, which {@code raftdeck cluster --base-port} needs
 * (single free ports come from raft-node's TestCluster.freePorts). A port found free may be
 * taken by someone else before the test binds it.
 */
public final class LoopbackPorts {

    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 60_000;
    private static final int ATTEMPTS = 100;

    private LoopbackPorts() {
    }

    /** The first of {@code count} consecutive ports that were all free a moment ago. */
    public static int freeRun(int count) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IOException("no run of " + count + " free loopback ports found");
    }

    /** Whether every port of the run can be bound right now (used to prove ports released). */
    public static boolean allFree(int base, int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int port = base; port < base + count; port++) {
                held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
            }
            return true;
        } catch (IOException inUse) {
            return false;
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing a probe socket cannot lose anything.
                }
            }
        }
    }
}
