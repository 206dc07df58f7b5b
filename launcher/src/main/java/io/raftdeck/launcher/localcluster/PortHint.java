package io.raftdeck.launcher.localcluster;

import io.raftdeck.node.StartupException;

/** A port already taken is the user's to fix: the message says which flag moves the ports. */
final class PortHint {

    static final String HINT = " (choose other ports with --base-port)";

    private PortHint() {
    }

    /** {@code e} with the hint when a port was in use, else {@code e} itself. */
    static StartupException added(StartupException e) {
        if (String.valueOf(e.getMessage()).contains("already in use")) {
            return new StartupException(e.getMessage() + HINT, e);
        }
        return e;
    }
}
