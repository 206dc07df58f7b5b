package io.raftdeck.launcher.endpoint;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code raftdeck endpoint status|health}: the operator's view of each node, as etcdctl's. */
@Command(name = "endpoint",
        mixinStandardHelpOptions = true,
        header = "Check each node: its status, or whether it serves linearizable reads.",
        description = {
            "Asks every node in --cluster, each on its own (no failover), and prints one row",
            "per node as a table or JSON. Exits 0 when every endpoint answered (status) or",
            "is healthy (health), 10 otherwise.",
        },
        subcommands = {EndpointStatusCommand.class, EndpointHealthCommand.class})
public final class EndpointCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: status or health");
    }
}
