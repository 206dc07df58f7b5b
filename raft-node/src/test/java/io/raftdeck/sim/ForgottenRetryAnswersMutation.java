package io.raftdeck.sim;

import io.raftdeck.statemachine.ApplyResult;
import io.raftdeck.statemachine.ClientRequestId;
import io.raftdeck.statemachine.RequestOrigin;
import java.util.Optional;

/**
 * Mutation (e), the half a collaborator can break: the leader's exactly-once lookup of a
 * retried request finds nothing in the state machine ({@code KeyValueStore.appliedResult}),
 * so a retry of a request that already applied is appended again. The other half, the
 * {@code RetryCache} of requests still in the unapplied log tail, sits inside
 * {@code LeaderProposals} and no collaborator reaches it.
 */
final class ForgottenRetryAnswersMutation implements SimMutation {

    @Override
    public NodeWiring wire(int nodeId, SimStorage storage, SimStateMachine stateMachine) {
        return new NodeWiring(storage, new ForwardingStateMachine(stateMachine) {
            @Override
            public Optional<ApplyResult> appliedResult(RequestOrigin origin,
                                                       ClientRequestId request) {
                return Optional.empty();
            }
        });
    }
}
