package io.raftdeck.sim;

/**
 * Thrown from inside a node's loop (by its simulated storage) to crash the node at that very
 * point: the simulator catches it, drops the loop and keeps the disk as it was.
 */
final class SimCrash extends RuntimeException {

    SimCrash(String reason) {
        super(reason, null, false, false);
    }
}
