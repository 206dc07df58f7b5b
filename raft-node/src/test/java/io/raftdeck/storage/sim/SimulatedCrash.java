package io.raftdeck.storage.sim;

/**
 * Thrown from inside a disk operation when the simulated machine loses power there. An Error,
 * not an IOException, so the storage code under test cannot catch it and carry on: the process
 * is dead at that point, and only {@link SimulatedDisk#crash} brings the disk back.
 */
public final class SimulatedCrash extends Error {

    SimulatedCrash(String where) {
        super("simulated power loss during " + where, null, false, false);
    }
}
