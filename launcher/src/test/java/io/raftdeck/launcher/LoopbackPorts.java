package io.raftdeck.launcher;

import io.raftdeck.integration.FreePorts;
import java.io.IOException;

/**
 * Runs of consecutive free loopback ports, which {@code raftdeck cluster --base-port} needs,
 * from below the ephemeral range ({@link FreePorts}). A port found free may be taken by
 * another listener before the test binds it.
 */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** The first of {@code count} consecutive ports that were all free a moment ago. */
    public static int freeRun(int count) throws IOException {
        return FreePorts.run(count);
    }

    /** Whether every port of the run can be bound right now (used to prove ports released). */
    public static boolean allFree(int base, int count) {
        return FreePorts.allFree(base, count);
    }
}
