package io.raftdeck.launcher.endpoint;

import io.raftdeck.launcher.client.ClientOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What both endpoint commands take: the client flags and the output format. */
final class EndpointOptions {

    @Mixin
    ClientOptions client;

    @Option(names = {"-w", "--write-out"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat format;
}
