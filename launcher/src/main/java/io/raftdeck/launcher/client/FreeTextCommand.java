package io.raftdeck.launcher.client;

import com.google.protobuf.ByteString;
import io.raftdeck.launcher.cli.ExitCodes;
import io.raftdeck.proto.v1.ClientServiceGrpc;
import io.raftdeck.proto.v1.CommandRequest;
import io.raftdeck.proto.v1.WriteResponse;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code raftdeck command TEXT...}: a free-text entry in the replicated log. */
@Command(name = "command",
        mixinStandardHelpOptions = true,
        header = "Append free text to the replicated log.",
        description = {
            "Appends free text to the replicated log. The key/value store applies it as a",
            "no-op, so it only shows in the log ('raftdeck log'). The words are joined with",
            "single spaces. Prints 'OK index=N term=T' once it is committed.",
        })
public final class FreeTextCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ClientOptions client;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "The command text.")
    private List<String> words;

    @Override
    public Integer call() {
        CommandRequest request = CommandRequest.newBuilder()
                .setCommand(ByteString.copyFromUtf8(String.join(" ", words)))
                .setSession(WriteResults.freshSession()).build();
        try (ClusterClient cluster = client.connect(spec)) {
            WriteResponse response = cluster.write("command", (channel, deadline) ->
                    ClientServiceGrpc.newBlockingStub(channel).withDeadline(deadline)
                            .command(request));
            spec.commandLine().getOut().println(WriteResults.ok(response));
        }
        return ExitCodes.OK;
    }
}
