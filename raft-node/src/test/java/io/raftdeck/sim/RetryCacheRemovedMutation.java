package io.raftdeck.sim;

/**
 * Mutation (e), the other half of {@link ForgottenRetryAnswersMutation}: the leader's retry
 * cache removed, so a retry of a request still in its unapplied log tail (its own or inherited
 * from an earlier leader) is appended a second time instead of waiting for the first entry.
 * The stamped write still applies once (the store's sessions and recent requests skip the
 * copy); what breaks is the log.
 */
final class RetryCacheRemovedMutation implements SimMutation {

    @Override
    public boolean usesRetryCache() {
        return false;
    }

    @Override
    public NodeWiring wire(int nodeId, SimStorage storage, SimStateMachine stateMachine) {
        return new NodeWiring(storage, stateMachine);
    }
}
