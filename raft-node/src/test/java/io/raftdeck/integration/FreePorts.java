package io.raftdeck.integration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for the nodes a test starts, drawn from below the kernel's ephemeral range.
 * A port found free is bound by the node a moment later; in between, a port of the ephemeral
 * range may be taken as the source port of any outgoing connection on the machine (every gRPC
 * client of every test makes them), and the node then cannot bind, or a probe that only asks
 * "does something answer there" takes the stranger for the node. Below that range only a
 * listener can take a port.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    /** Linux's default start of the ephemeral range, used when it cannot be read. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int ATTEMPTS = 200;

    private FreePorts() {
    }

    /** {@code count} distinct ports, each free right now (not necessarily consecutive). */
    public static List<Integer> distinct(int count) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS * count && ports.size() < count; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest());
            if (!ports.contains(port) && allFree(port, 1)) {
                ports.add(port);
            }
        }
        if (ports.size() < count) {
            throw new IOException("found only " + ports.size() + " of " + count
                    + " free loopback ports below " + highest());
        }
        return ports;
    }

    /** The first of {@code count} consecutive ports that were all free a moment ago. */
    public static int run(int count) throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST, highest() - count);
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

    /** One past the highest port to use: where the ephemeral range starts. */
    private static int highest() {
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return Math.max(LOWEST + 1_000, Integer.parseInt(range[0]));
        } catch (IOException | RuntimeException unreadable) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }
}
