package io.raftdeck.sim;

/** A Raft safety property failed in the simulation. */
final class SafetyViolation extends AssertionError {

    SafetyViolation(String message) {
        super(message);
    }
}
