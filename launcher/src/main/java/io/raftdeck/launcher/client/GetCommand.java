package io.raftdeck.launcher.client;

import io.raftdeck.launcher.cli.CommandFailure;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.GetRequest;
import io.raftdeck.proto.v1.GetResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code raftdeck get KEY}. */
@Command(name = "get",
        mixinStandardHelpOptions = true,
        header = "Print the value stored under a key.",
        description = {
            "Prints the value stored under KEY (decoded as UTF-8) on stdout.",
            "A missing key prints 'not found: KEY' on stderr and exits with 5, so scripts",
            "can tell it from a failure. Reads are linearizable unless --stale is given.",
        })
public final class GetCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key.",
            converter = KeyConverter.class)
    private String key;

    @Option(names = "--stale",
            description = "Answer from the contacted node's own state without confirming "
                    + "leadership: faster, but may miss the newest writes.")
    private boolean stale;

    @Override
    public Integer call() {
        GetRequest request = GetRequest.newBuilder().setKey(key).setStale(stale).build();
        try (ClusterClient cluster = client.connect(spec)) {
            GetResponse response = cluster.call("get", (channel, deadline) ->
                    ClientServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                            .get(request));
            if (stale) {
                // On stderr, so scripts reading the value on stdout are unaffected.
                spec.commandLine().getErr().println("note: stale read, as of log index "
                        + response.getIndex() + " on the node that answered; it may miss the"
                        + " newest writes");
            }
            if (!response.getFound()) {
                throw new CommandFailure(ExitCodes.NOT_FOUND, "not found: " + key);
            }
            spec.commandLine().getOut().println(response.getValue().toStringUtf8());
        }
        return ExitCodes.OK;
    }
}
