package io.raftdeck.launcher.endpoint;

/** {@code --write-out}: constants named as they are typed on the command line. */
enum OutputFormat {
    table,
    json,
}
