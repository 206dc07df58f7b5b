package io.raftdeck.tls;

import java.nio.file.Path;

/**
 * A PEM file named on the command line, with the flag that named it, so that every problem
 * with it can be reported as "--tls-cert /etc/raftdeck/node.pem: ..." in one line.
 */
public record TlsFile(String flag, Path path) {

    /** The start of a one-line error about this file. */
    String describe() {
        return flag + " " + path;
    }

    @Override
    public String toString() {
        return describe();
    }
}
