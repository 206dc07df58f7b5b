package io.raftdeck.access;

/**
 * Who may make one admin call: anyone, or only an admin (a loopback caller, or one whose
 * client certificate's subject is in {@code --admin-subjects}); and whether the node must run
 * with {@code --allow-faults}, for the calls that break or move things on purpose.
 *
 * @param adminOnly    whether the caller must be an admin
 * @param faultControl what the call does, in words, when it needs {@code --allow-faults}
 *                     ("cutting links"); null when it does not
 */
public record AccessRule(boolean adminOnly, String faultControl) {

    /** Anyone who reaches the port: calls that only read. */
    public static AccessRule open() {
        return new AccessRule(false, null);
    }

    /** Only an admin. */
    public static AccessRule admin() {
        return new AccessRule(true, null);
    }

    /** Anyone, on a node started with {@code --allow-faults}. */
    public static AccessRule faultControl(String action) {
        return new AccessRule(false, action);
    }

    /** Only an admin, and only on a node started with {@code --allow-faults}. */
    public static AccessRule adminFaultControl(String action) {
        return new AccessRule(true, action);
    }
}
