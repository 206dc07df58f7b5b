package io.raftdeck.access;

import java.util.Map;
import java.util.Optional;

/**
 * The one table of who may make which raftdeck.v1.AdminService call, by method name. A method
 * without a row is refused (AdminRulesTest fails first: it requires a row for every method of
 * the service), so a new admin RPC is closed until someone decides who may call it.
 */
public final class AdminRules {

    private static final Map<String, AccessRule> RULES = Map.of(
            // Read-only calls are open: status is what the dashboard and probes poll.
            "Status", AccessRule.open(),
            // So is the event stream: what the node decided and why, never a key or a value.
            "WatchEvents", AccessRule.open(),
            // Fault controls, as before: --allow-faults, from anyone who reaches the port.
            "SetLinks", AccessRule.faultControl("cutting links"),
            // Moving leadership is an operator's act (etcd's move-leader), and the README and
            // the dashboard promise it only on nodes run with --allow-faults: both hold.
            "TransferLeadership", AccessRule.adminFaultControl("moving leadership"),
            // A backup holds every key and value: admins only.
            "SaveSnapshot", AccessRule.admin());

    private AdminRules() {
    }

    /** The rule of the AdminService method named {@code bareMethodName}, if it has one. */
    public static Optional<AccessRule> of(String bareMethodName) {
        return Optional.ofNullable(RULES.get(bareMethodName));
    }
}
