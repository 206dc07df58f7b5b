package io.raftdeck.launcher.client;

import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.DeleteRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code raftdeck del KEY}. */
@Command(name = "del",
        mixinStandardHelpOptions = true,
        header = "Delete a key.",
        description = {
            "Deletes KEY from the replicated key/value store.",
            "Prints 'OK index=N term=T existed=true|false' once the delete is committed;",
            "deleting a missing key succeeds with existed=false.",
        })
public final class DeleteCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(index = "0", paramLabel = "KEY", description = "The key.",
            converter = KeyConverter.class)
    private String key;

    @Override
    public Integer call() {
        DeleteRequest request = DeleteRequest.newBuilder().setKey(key)
                .setSession(WriteResults.freshSession()).build();
        try (ClusterClient cluster = client.connect(spec)) {
            WriteResponse response = cluster.write("del", (channel, deadline) ->
                    ClientServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                            .delete(request));
            spec.commandLine().getOut().println(WriteResults.ok(response) + " existed="
                    + response.getExisted());
        }
        return ExitCodes.OK;
    }
}
