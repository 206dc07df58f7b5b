package io.raftdeck.statemachine;

import java.util.Optional;

/**
 * The state machine as a node's event loop uses it: besides applying entries and taking
 * snapshots, it answers reads of a key and the first result of a request that already applied
 * (what makes a retry exactly-once). {@link KeyValueStore} is the one a node runs; the
 * simulator wraps it to watch every entry applied and to snapshot in its own checkable form.
 */
public interface KeyValueStateMachine extends StateMachine {

    /** The current value of {@code key} on this node, without going through the log. */
    Optional<byte[]> read(String key);

    /**
     * The first result of a stamped request that already applied, if the state machine still
     * remembers it: what a retry of it is answered with.
     */
    Optional<ApplyResult> appliedResult(RequestOrigin origin, ClientRequestId request);

    /**
     * Why {@code command} (a proposal's bytes) would be refused for the store's quota if it
     * applied now, if it would: the leader refuses it before proposing.
     */
    Optional<String> quotaRefusal(byte[] command);

    /** How full the store is, and whether its NOSPACE alarm is raised. */
    StoreUsage usage();
}
