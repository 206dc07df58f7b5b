package io.raftdeck.sim;

import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.KeyValueStateMachine;
import io.raftdeck.storage.RaftStorage;
import io.raftdeck.storage.sim.SimulatedDisk;
import java.util.concurrent.CompletableFuture;

/**
 * A deliberate defect in every node, for the mutation tests, which prove the simulator catches
 * it. It substitutes the collaborators a node's loop is built with (its storage, its state
 * machine, the disk its real storage runs on) and may see the callers of the requests it
 * takes, so the shipped code has no switch for it; the one defect inside the loop's own code
 * that no collaborator reaches, a leader without its retry cache, goes through a
 * package-private constructor that only the test-only {@code node.MutantLoops} calls
 * ({@link #usesRetryCache}). {@link #NONE} is the correct node.
 */
interface SimMutation {

    /** The correct node: its collaborators as the simulator built them. */
    SimMutation NONE = (nodeId, storage, stateMachine) -> new NodeWiring(storage, stateMachine);

    /**
     * What one node's loop is built with, for the life of that loop: a crash drops it with
     * whatever it held in memory.
     */
    class NodeWiring {
        private final RaftStorage storage;
        private final KeyValueStateMachine stateMachine;

        NodeWiring(RaftStorage storage, KeyValueStateMachine stateMachine) {
            this.storage = storage;
            this.stateMachine = stateMachine;
        }

        RaftStorage storage() {
            return storage;
        }

        KeyValueStateMachine stateMachine() {
            return stateMachine;
        }

        /** The loop appended a client's request at ({@code index}, {@code term}). */
        void proposed(long index, long term, CompletableFuture<ApplyResult> caller) {
        }

        /** The loop's turn ended (the node's thread would take its next events now). */
        void turnEnded() {
        }
    }

    /** Whether the leader finds retries of requests in its unapplied log tail (RetryCache). */
    default boolean usesRetryCache() {
        return true;
    }

    /**
     * Node {@code nodeId}'s simulated disk, before its real storage (data directory, WAL,
     * snapshots) opens on it: for a defect below the storage code, which then runs unchanged
     * on a disk that misbehaves.
     */
    default void misconfigure(int nodeId, SimulatedDisk disk) {
    }

    /** The collaborators node {@code nodeId}'s new loop gets, from the correct ones. */
    NodeWiring wire(int nodeId, SimStorage storage, SimStateMachine stateMachine);
}
